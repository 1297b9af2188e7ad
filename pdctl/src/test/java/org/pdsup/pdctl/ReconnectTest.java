package org.pdsup.pdctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.EventInfo;
import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Op;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;
import org.pdsup.protocol.Responses;

/**
 * Issue 21, the client: a followed stream that a re-exec ends ({@code "reason":"restarting"}) is asked for again
 * on a new connection, resumed where it was, within PDCTL_RECONNECT_TIMEOUT (exit 69 beyond). Against a scripted
 * peer; packaging's PdctlFollowsReexecTest does it against a real pdsupd re-exec.
 */
class ReconnectTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int pdctl(Map<String, String> env, String... args) {
        return Main.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), env, false, false, "/nonexistent");
    }

    private static EventInfo event(long seq, String to) {
        return new EventInfo(seq, "2026-12-07T03:00:0" + seq + "Z", "web", "running", to, "r" + seq, 0, null);
    }

    @Test
    void eventsFollowResumesAfterTheLastSeqItShowedAndSaysSoInJson() throws Exception {
        Path sock = dir.resolve("e.sock");
        try (ScriptedServer server = new ScriptedServer(sock, r -> {
            if (r.op() == Op.HELLO) return List.of(Responses.hello(r.id(), "pdsupd/test"));
            if (r.afterSeq() == 0) { // the first program: two events, the second sent twice, then the re-exec
                return List.of(Responses.streaming(r.id()), Responses.event(r.id(), event(4, "stopping")),
                        Responses.event(r.id(), event(5, "stopped")), Responses.endRestarting(r.id()));
            }
            // the new program sends again what the ring holds after after_seq (and, here, one event more)
            return List.of(Responses.streaming(r.id()), Responses.event(r.id(), event(5, "stopped")),
                    Responses.event(r.id(), event(6, "starting")), Responses.end(r.id(), "shutdown"));
        })) {
            assertThat(pdctl(Map.of(), "-s", sock.toString(), "--json", "events", "-f", "web")).as(err())
                    .isEqualTo(ExitCodes.OK);
            List<Request> events = new ArrayList<>();
            for (Request r : server.received) if (r.op() == Op.EVENTS) events.add(r);
            assertThat(events).hasSize(2);
            assertThat(events.get(1).afterSeq()).isEqualTo(5);
            assertThat(events.get(1).history()).isTrue();
            assertThat(events.get(1).services()).containsExactly("web");
            assertThat(server.connections).isEqualTo(2);
        }
        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("\"seq\":4");
        assertThat(lines.get(1)).contains("\"seq\":5");
        assertThat(lines.get(2)).isEqualTo("{\"reconnected\":true,\"reason\":\"restarting\",\"after_seq\":5}");
        assertThat(lines.get(3)).contains("\"seq\":6");
    }

    @Test
    void aStreamWithoutHistoryThatShowedNothingResumesAfterTheHandoverEvent() throws Exception {
        Path sock = dir.resolve("h.sock");
        EventInfo handover = new EventInfo(7, "2026-12-07T03:00:07Z", "@pdsupd", "running", "running",
                "re-exec: handing over to the launcher /usr/local/bin/pdsupd", 1, null);
        try (ScriptedServer server = new ScriptedServer(sock, r -> {
            if (r.op() == Op.HELLO) return List.of(Responses.hello(r.id(), "pdsupd/test"));
            if (!r.history()) return List.of(Responses.streaming(r.id()), Responses.endRestarting(r.id()));
            if (!r.follow()) { // the new program's history: older events, the handover, the take-over
                return List.of(Responses.streaming(r.id()), Responses.event(r.id(), event(3, "stopped")),
                        Responses.event(r.id(), handover), Responses.event(r.id(), event(8, "running")),
                        Responses.end(r.id()));
            }
            return List.of(Responses.streaming(r.id()), Responses.event(r.id(), event(8, "running")),
                    Responses.end(r.id(), "shutdown"));
        })) {
            assertThat(pdctl(Map.of(), "-s", sock.toString(), "events", "-f", "--no-history", "web")).as(err())
                    .isEqualTo(ExitCodes.OK);
            List<Request> events = new ArrayList<>();
            for (Request r : server.received) if (r.op() == Op.EVENTS) events.add(r);
            assertThat(events).hasSize(3);
            assertThat(events.get(1).services()).isEmpty();
            assertThat(events.get(1).follow()).isFalse();
            assertThat(events.get(2).afterSeq()).isEqualTo(7);
            assertThat(events.get(2).services()).containsExactly("web");
        }
        assertThat(out().lines().toList()).hasSize(1).allMatch(l -> l.contains("web: running -> running (r8)"));
    }

    @Test
    void aDaemonThatDoesNotComeBackIsExit69AfterTheTimeout() throws Exception {
        Path sock = dir.resolve("gone.sock");
        try (ScriptedServer server = new ScriptedServer(sock, r -> r.op() == Op.HELLO
                ? List.of(Responses.hello(r.id(), "pdsupd/test"))
                : r.op() == Op.LOGS ? List.of(Responses.streaming(r.id()), Responses.line(r.id(), "stdout", "a"),
                        Responses.endRestarting(r.id())) : null)) {
            // the new connection is answered by nobody: the peer serves the first connection's requests only
            server.stopAnswering = true;
            assertThat(pdctl(Map.of("PDCTL_RECONNECT_TIMEOUT", "1s"), "-s", sock.toString(), "logs", "-f", "web"))
                    .isEqualTo(ExitCodes.UNAVAILABLE);
        }
        assertThat(out()).isEqualTo("a\n");
        assertThat(err()).startsWith("pdctl: pdsupd did not come back within 1s of its re-exec (PDCTL_RECONNECT_TIMEOUT)");
    }

    @Test
    void aSocketThatIsGoneIsTriedAgainUntilTheTimeout() throws Exception {
        Path sock = dir.resolve("removed.sock");
        try (ScriptedServer server = new ScriptedServer(sock, r -> r.op() == Op.HELLO
                ? List.of(Responses.hello(r.id(), "pdsupd/test"))
                : List.of(Responses.streaming(r.id()), Responses.event(r.id(), event(1, "stopped")),
                        Responses.endRestarting(r.id())))) {
            server.closeAfterFirst = true;
            assertThat(pdctl(Map.of("PDCTL_RECONNECT_TIMEOUT", "2000ms"), "-s", sock.toString(), "events", "-f"))
                    .isEqualTo(ExitCodes.UNAVAILABLE);
        }
        assertThat(err()).contains("did not come back within 2s").contains("cannot connect to " + sock);
    }

    @Test
    void aBadTimeoutIsAUsageErrorSayingWhere() {
        assertThat(pdctl(Map.of("PDCTL_RECONNECT_TIMEOUT", "soon"), "-s", dir.resolve("x").toString(), "events",
                "-f")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("invalid duration 'soon' for the environment variable PDCTL_RECONNECT_TIMEOUT");
    }

    @Test
    void logsResumeAfterTheLastLinesShownWhereverTheyAreInTheBacklog() throws Exception {
        LogResume r = new LogResume();
        for (int i = 1; i <= 40; i++) assertThat(texts(r.offer(line(i)))).containsExactly(Integer.toString(i));
        assertThat(r.resume()).isEqualTo(LogResume.BACKLOG);
        List<String> shown = new ArrayList<>();
        for (int i = 1; i <= 60; i++) shown.addAll(texts(r.offer(line(i)))); // the backlog again, then new lines
        assertThat(shown).containsExactlyElementsOf(numbers(41, 60));
        assertThat(r.lostPlace()).isFalse();
        // nothing shown yet: nothing to find, go on from now
        assertThat(new LogResume().resume()).isZero();
    }

    @Test
    void logsWhoseLastLinesAreNotInTheBacklogAreShownWithANotice() throws Exception {
        LogResume r = new LogResume();
        for (int i = 1; i <= 5; i++) r.offer(line(i));
        r.resume();
        List<String> shown = new ArrayList<>();
        for (int i = 100; i < 100 + LogResume.BACKLOG; i++) shown.addAll(texts(r.offer(line(i))));
        assertThat(shown).containsExactlyElementsOf(numbers(100, 99 + LogResume.BACKLOG));
        assertThat(r.lostPlace()).isTrue();
        assertThat(texts(r.offer(line(5000)))).containsExactly("5000");
    }

    private static Response line(int n) throws Exception {
        Map<String, Object> m = new HashMap<>(Responses.line(2, "stdout", Integer.toString(n)));
        return Response.of(m);
    }

    private static List<String> texts(List<Response> rs) {
        List<String> t = new ArrayList<>();
        for (Response r : rs) t.add(r.line());
        return t;
    }

    private static List<String> numbers(int from, int to) {
        List<String> t = new ArrayList<>();
        for (int i = from; i <= to; i++) t.add(Integer.toString(i));
        return t;
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }
}
