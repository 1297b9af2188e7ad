package org.pdsup.pdctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pdsup.protocol.Op;
import org.pdsup.protocol.Request;

class CommandLineTest {
    private static final Map<String, String> NO_ENV = Map.of();

    private static Request request(String... argv) throws UsageException {
        return CommandLine.parse(argv, NO_ENV).command().request(2);
    }

    @Test
    void socketComesFromOptionThenEnvironmentThenDefault() throws Exception {
        assertThat(CommandLine.parse(new String[] {"status"}, NO_ENV).socket).isEqualTo("/var/run/pdsupd.sock");
        assertThat(CommandLine.parse(new String[] {"status"}, Map.of("PDCTL_SOCKET", "/tmp/e.sock")).socket)
                .isEqualTo("/tmp/e.sock");
        assertThat(CommandLine.parse(new String[] {"-s", "/tmp/o.sock", "status"}, Map.of("PDCTL_SOCKET", "/tmp/e.sock")).socket)
                .isEqualTo("/tmp/o.sock");
        assertThat(CommandLine.parse(new String[] {"status", "--socket=/tmp/x.sock"}, NO_ENV).socket).isEqualTo("/tmp/x.sock");
    }

    @Test
    void globalOptionsMayFollowTheCommand() throws Exception {
        CommandLine cl = CommandLine.parse(new String[] {"status", "web", "--json"}, NO_ENV);
        assertThat(cl.json).isTrue();
        assertThat(cl.args).containsExactly("web");
    }

    @Test
    void buildsTheRequestOfEachCommand() throws Exception {
        assertThat(request("status").toJson()).isEqualTo(Request.status(2, List.of()).toJson());
        assertThat(request("status", "a", "b*").services()).containsExactly("a", "b*");
        assertThat(request("start", "a").op()).isEqualTo(Op.START);
        assertThat(request("stop", "a", "b").services()).containsExactly("a", "b");
        assertThat(request("restart", "*").op()).isEqualTo(Op.RESTART);
        Request sig = request("signal", "web", "HUP");
        assertThat(sig.service()).isEqualTo("web");
        assertThat(sig.signal()).isEqualTo("HUP");
        assertThat(request("reload").op()).isEqualTo(Op.RELOAD);
        assertThat(request("reload").services()).as("the configuration").isEmpty();
        assertThat(request("reload", "web", "api*").services()).as("the services' reload signal")
                .containsExactly("web", "api*");
        Request ev = request("events", "-f", "web");
        assertThat(ev.follow()).isTrue();
        assertThat(ev.history()).isTrue();
        assertThat(ev.services()).containsExactly("web");
        assertThat(request("events", "--no-history", "--follow").history()).isFalse();
        Request logs = request("logs", "web", "-n", "50", "-f");
        assertThat(logs.lines()).isEqualTo(50);
        assertThat(logs.follow()).isTrue();
        assertThat(request("logs", "-n5", "web").lines()).isEqualTo(5);
        assertThat(request("pid", "web").service()).isEqualTo("web");
        Request w = request("wait", "web", "--state", "exited,fatal", "--timeout", "500ms");
        assertThat(w.states()).containsExactly("exited", "fatal");
        assertThat(w.timeoutMs()).isEqualTo(500);
        assertThat(request("wait", "web", "--timeout=2m").timeoutMs()).isEqualTo(120_000);
        assertThat(request("wait", "web").timeoutMs()).isNegative();
        assertThat(request("version").op()).isEqualTo(Op.VERSION);
        assertThat(request("--version").op()).isEqualTo(Op.VERSION);
        assertThat(request("shutdown").op()).isEqualTo(Op.SHUTDOWN);
    }

    @Test
    void refusesBadCommandLinesWithAClearMessage() {
        assertThatThrownBy(() -> request("frob")).hasMessage("unknown command 'frob'");
        assertThatThrownBy(() -> request("start")).hasMessage("'start' needs at least one NAME");
        assertThatThrownBy(() -> request("signal", "web")).hasMessage("usage: pdctl signal NAME SIG");
        assertThatThrownBy(() -> request("reload", "--now")).hasMessage("unknown option '--now' for 'reload'");
        assertThatThrownBy(() -> request("status", "-x")).hasMessage("unknown option '-x' for 'status'");
        assertThatThrownBy(() -> request("logs")).hasMessage("usage: pdctl logs NAME... [-n N] [-f] [--since TIME] [--stdout|--stderr]");
        assertThatThrownBy(() -> request("logs", "a", "-n", "many")).hasMessageContaining("invalid line count 'many'");
        assertThatThrownBy(() -> request("wait", "a", "--timeout", "soon")).hasMessageContaining("invalid duration 'soon' for --timeout");
        assertThatThrownBy(() -> request("wait", "a", "--timeout", "2d")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> request("wait", "a", "--timeout", "25h")).hasMessageContaining("at most 24h");
        assertThatThrownBy(() -> request("events", "--no-history")).hasMessageContaining("needs -f");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"-s"}, NO_ENV)).hasMessageContaining("needs a socket path");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"-q", "status"}, NO_ENV)).hasMessage("unknown option '-q'");
    }

    @Test
    void durationsAcceptTheDocumentedUnits() throws Exception {
        assertThat(Durations.parseMillis("500ms", "t")).isEqualTo(500);
        assertThat(Durations.parseMillis("10s", "t")).isEqualTo(10_000);
        assertThat(Durations.parseMillis("10", "t")).isEqualTo(10_000);
        assertThat(Durations.parseMillis("2m", "t")).isEqualTo(120_000);
        assertThat(Durations.parseMillis("1h", "t")).isEqualTo(3_600_000);
        assertThatThrownBy(() -> Durations.parseMillis("-1s", "t")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Durations.parseMillis("1.5s", "t")).isInstanceOf(UsageException.class);
    }
}
