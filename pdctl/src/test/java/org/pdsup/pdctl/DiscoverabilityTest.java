package org.pdsup.pdctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Op;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Responses;
import org.pdsup.protocol.ServiceStatus;

/** help COMMAND, COMMAND --help, "did you mean" for commands, states and service names. */
class DiscoverabilityTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int pdctl(String... args) {
        return Main.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), Map.of(), false);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpOfOneCommandBothWays() {
        assertThat(pdctl("help", "wait")).isZero();
        String viaHelp = out();
        assertThat(viaHelp).startsWith("usage: pdctl [-s SOCKET] [--json] wait NAME [--state S[,S...]] [--timeout T]\n")
                .contains("--timeout T").doesNotContain("Commands:");
        stdout.reset();
        assertThat(pdctl("wait", "--help")).isZero();
        assertThat(out()).isEqualTo(viaHelp);
        stdout.reset();
        assertThat(pdctl("-s", dir.resolve("none").toString(), "logs", "-h")).isZero();
        assertThat(out()).contains("-n, --lines N");
        assertThat(err()).isEmpty();
    }

    @Test
    void everyCommandHasHelpAndTheSummaryListsIt() {
        for (String name : CommandHelp.TEXT.keySet()) {
            stdout.reset();
            assertThat(pdctl("help", name)).as(name).isZero();
            assertThat(out()).contains(" " + name);
            assertThat(Usage.TEXT).as(name).contains("  " + name);
        }
    }

    @Test
    void mistypedCommandsGetASuggestionAndExit2() {
        assertThat(pdctl("strat", "web")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).startsWith("pdctl: unknown command 'strat' (did you mean 'start'?)\n");
        stderr.reset();
        assertThat(pdctl("help", "stauts")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("unknown command 'stauts' (did you mean 'status'?)");
        stderr.reset();
        assertThat(pdctl("frobnicate")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).startsWith("pdctl: unknown command 'frobnicate'\n");
    }

    @Test
    void badStateIsAUsageErrorBeforeConnecting() {
        assertThat(pdctl("-s", dir.resolve("none").toString(), "wait", "web", "--state", "runing")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("unknown state 'runing' for --state (did you mean 'running'?)")
                .contains("stopped, starting, running, stopping, exited, backoff, fatal")
                .doesNotContain("cannot connect");
        stderr.reset();
        assertThat(pdctl("wait", "web", "--state=running,bogus")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("unknown state 'bogus'");
    }

    @Test
    void signalNumbersAreSentToTheDaemonAsDocumented() {
        // the daemon maps them (its host's numbering, as kill(1) there): no usage error before connecting
        assertThat(pdctl("-s", dir.resolve("none").toString(), "signal", "web", "9")).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err()).contains("cannot connect").doesNotContain("name the signal");
    }

    @Test
    void everyCommandIsInTheManPageSynopsisAndCommandList() throws Exception {
        String page = java.nio.file.Files.readString(Path.of(System.getProperty("user.dir")).getParent()
                .resolve("packaging/src/man/pdctl.8"));
        String synopsis = page.substring(page.indexOf(".Sh SYNOPSIS"), page.indexOf(".Sh DESCRIPTION"));
        String commands = page.substring(page.indexOf(".Sh COMMANDS"), page.indexOf(".Sh ENVIRONMENT"));
        for (String name : CommandHelp.TEXT.keySet()) {
            assertThat(synopsis).as("synopsis of pdctl.8").containsPattern("Cm (\\S+ \\| )*" + name + "\\b");
            assertThat(commands).as("COMMANDS of pdctl.8").contains(".It Cm " + name);
        }
    }

    @Test
    void suggestionsRankCloseNamesFirst() {
        List<String> names = List.of("web", "worker-1", "worker-2", "database");
        assertThat(Suggest.closest("wbe", names)).containsExactly("web");
        assertThat(Suggest.closest("worker", names)).containsExactly("worker-1", "worker-2");
        assertThat(Suggest.closest("databse", names)).containsExactly("database");
        assertThat(Suggest.closest("zzz", names)).isEmpty();
        assertThat(Suggest.distance("restart", "rsetart")).isEqualTo(1);
    }

    @Test
    void mistypedServiceNameGetsASuggestionFromTheDaemon() throws Exception {
        Path sock = dir.resolve("names.sock");
        List<ServiceStatus> all = List.of(
                new ServiceStatus("web", "running", true, 10, null, null, 5, 0, false, false, null, null),
                new ServiceStatus("database", "running", true, 11, null, null, 5, 0, false, false, null, null));
        try (ScriptedServer server = new ScriptedServer(sock, r -> {
            if (r.op() == Op.HELLO) return List.of(Responses.hello(r.id(), "pdsupd/test"));
            if (r.op() == Op.STATUS && r.services().isEmpty()) return List.of(Responses.services(r.id(), all));
            return List.of(Responses.error(r.id(), ErrorCode.NO_SUCH_SERVICE, "no service named 'wbe' (known: web, database)"));
        })) {
            assertThat(pdctl("-s", sock.toString(), "stop", "wbe")).isEqualTo(ExitCodes.NO_SUCH_SERVICE);
            assertThat(err()).isEqualTo("pdctl: no service named 'wbe' (known: web, database)\n"
                    + "pdctl: 'wbe': did you mean 'web'?\n");
            assertThat(server.received).extracting(Request::op).containsExactly(Op.HELLO, Op.STOP, Op.STATUS);
        }
    }
}
