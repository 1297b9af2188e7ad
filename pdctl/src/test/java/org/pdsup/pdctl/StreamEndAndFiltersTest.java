package org.pdsup.pdctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.EventInfo;
import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Op;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Responses;

/**
 * The client side of issue 18's rest: a stream the daemon ends for its shutdown is exit 0 (with a line on a
 * terminal); {@code logs --since/--stdout/--stderr} on the command line and on the wire; signal numbers go to the
 * daemon.
 */
class StreamEndAndFiltersTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int pdctl(boolean terminal, String... args) {
        return Main.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), Map.of(), false, terminal, "/nonexistent");
    }

    private static Request request(String... argv) throws UsageException {
        return CommandLine.parse(argv, Map.of()).command().request(2);
    }

    @Test
    void aStreamEndedForShutdownIsExitZeroAndSaysSoOnATerminal() throws Exception {
        Path sock = dir.resolve("s.sock");
        EventInfo e = new EventInfo(1, "2026-12-07T03:00:00Z", "web", "running", "stopped", "shutdown", 0, null);
        try (ScriptedServer server = new ScriptedServer(sock, r -> r.op() == Op.HELLO
                ? List.of(Responses.hello(r.id(), "pdsupd/test"))
                : List.of(Responses.streaming(r.id()), Responses.event(r.id(), e), Responses.end(r.id(), "shutdown")))) {
            assertThat(pdctl(true, "-s", sock.toString(), "events", "-f")).isEqualTo(ExitCodes.OK);
            assertThat(server.received).extracting(Request::op).containsExactly(Op.HELLO, Op.EVENTS);
        }
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("web: running -> stopped (shutdown)");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo("pdctl: pdsupd shut down\n");
    }

    @Test
    void notOnATerminalTheEndIsSilent() throws Exception {
        Path sock = dir.resolve("q.sock");
        try (ScriptedServer server = new ScriptedServer(sock, r -> r.op() == Op.HELLO
                ? List.of(Responses.hello(r.id(), "pdsupd/test"))
                : List.of(Responses.streaming(r.id()), Responses.line(r.id(), "stdout", "hello"),
                        Responses.end(r.id(), "shutdown")))) {
            assertThat(pdctl(false, "-s", sock.toString(), "logs", "-f", "web")).isEqualTo(ExitCodes.OK);
            assertThat(server.received).extracting(Request::op).containsExactly(Op.HELLO, Op.LOGS);
        }
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("hello\n");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void logsFiltersGoOnTheWire() throws Exception {
        Request r = request("logs", "web", "--stderr", "--since", "2026-12-07T03:00:00Z");
        assertThat(r.stream()).isEqualTo("stderr");
        assertThat(r.since()).isEqualTo("2026-12-07T03:00:00Z");
        assertThat(r.lines()).as("--since without -n: every line since").isEqualTo(10_000);
        assertThat(r.toJson()).containsEntry("since", "2026-12-07T03:00:00Z").containsEntry("stream", "stderr");
        assertThat(request("logs", "web", "--since=1h", "-n", "5").lines()).isEqualTo(5);
        assertThat(request("logs", "web").toJson()).doesNotContainKeys("since", "stream");
        assertThat(request("logs", "web", "--stdout").stream()).isEqualTo("stdout");
        assertThatThrownBy(() -> request("logs", "web", "--stdout", "--stderr"))
                .hasMessageContaining("--stdout and --stderr exclude each other");
        assertThatThrownBy(() -> request("logs", "web", "--since")).hasMessageContaining("needs a time");
    }

    @Test
    void sinceTakesDurationsAndTimes() throws Exception {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        ZoneId paris = ZoneId.of("Europe/Paris"); // UTC+1 in December
        assertThat(SinceTime.parse("10m", now, paris)).isEqualTo(Instant.parse("2026-12-07T11:50:00Z"));
        assertThat(SinceTime.parse("2h", now, paris)).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(SinceTime.parse("1d", now, paris)).isEqualTo(Instant.parse("2026-12-06T12:00:00Z"));
        assertThat(SinceTime.parse("90", now, paris)).isEqualTo(Instant.parse("2026-12-07T11:58:30Z"));
        assertThat(SinceTime.parse("2026-12-07T03:00:00Z", now, paris)).isEqualTo(Instant.parse("2026-12-07T03:00:00Z"));
        assertThat(SinceTime.parse("2026-12-07T03:00:00+02:00", now, paris))
                .isEqualTo(Instant.parse("2026-12-07T01:00:00Z"));
        assertThat(SinceTime.parse("2026-12-07 03:00", now, paris)).isEqualTo(Instant.parse("2026-12-07T02:00:00Z"));
        assertThat(SinceTime.parse("2026-12-07T03:00:15.5", now, paris))
                .isEqualTo(Instant.parse("2026-12-07T02:00:15.500Z"));
        assertThat(SinceTime.parse("2026-12-07", now, paris)).isEqualTo(Instant.parse("2026-12-06T23:00:00Z"));
        assertThat(SinceTime.parse("09:30", now, paris)).isEqualTo(Instant.parse("2026-12-07T08:30:00Z"));
        assertThatThrownBy(() -> SinceTime.parse("yesterday", now, paris)).isInstanceOf(UsageException.class)
                .hasMessageContaining("invalid time 'yesterday' for --since");
        assertThatThrownBy(() -> SinceTime.parse("2026-13-01", now, paris)).isInstanceOf(UsageException.class);
    }

    @Test
    void signalNumbersGoToTheDaemonWhichNumbersThemAsItsSystemDoes() throws Exception {
        assertThat(request("signal", "web", "1").signal()).isEqualTo("1");
        assertThat(request("signal", "web", "SIGHUP").signal()).isEqualTo("SIGHUP");
    }
}
