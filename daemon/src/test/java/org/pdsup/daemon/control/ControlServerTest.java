package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.daemon.supervisor.ReloadOutcome;
import org.pdsup.daemon.supervisor.ServiceState;

/** Every op of protocol v1 over the real socket, as raw JSON lines (what a socat user types). */
@Timeout(60)
class ControlServerTest {
    @TempDir
    Path dir;
    ServerFixture fx;
    TestClient c;

    @BeforeEach
    void start() throws Exception {
        fx = ServerFixture.start(dir);
        c = fx.client();
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        fx.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(Map<String, Object> frame) {
        assertThat(frame).containsEntry("ok", false);
        return (Map<String, Object>) frame.get("error");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> services(Map<String, Object> frame) {
        assertThat(frame).containsEntry("ok", true);
        return (List<Map<String, Object>>) frame.get("services");
    }

    @Test
    void helloAnswersVersionAndServer() throws Exception {
        Map<String, Object> r = c.call("{\"op\":\"hello\",\"id\":1,\"version\":1,\"client\":\"test/1\"}");
        assertThat(r).containsEntry("id", 1L).containsEntry("ok", true).containsEntry("version", 1L);
        assertThat((String) r.get("server")).startsWith("pdsupd/");
        Map<String, Object> bad = c.call("{\"op\":\"hello\",\"id\":2,\"version\":2}");
        assertThat(bad).containsEntry("id", 2L);
        assertThat(error(bad)).containsEntry("code", "unsupported_version");
        assertThat((String) error(bad).get("message")).contains("version 2 is not supported");
    }

    @Test
    void requestsWorkWithoutHello() throws Exception {
        assertThat(services(c.call("{\"op\":\"status\",\"id\":7}"))).hasSize(4);
    }

    @Test
    void statusOfAllNamedAndGlobbed() throws Exception {
        fx.backend.setState("web", ServiceState.RUNNING);
        List<Map<String, Object>> all = services(c.call("{\"op\":\"status\",\"id\":1}"));
        assertThat(all).extracting(m -> m.get("name")).containsExactly("web", "db", "worker-1", "worker-2");
        Map<String, Object> web = all.get(0);
        assertThat(web).containsEntry("state", "running").containsEntry("ready", true).containsKeys("pid", "since",
                "started_at", "uptime_seconds", "restarts", "persist", "adopted", "last_error", "last_exit");
        assertThat((Long) web.get("pid")).isPositive();
        assertThat((Long) web.get("uptime_seconds")).isGreaterThanOrEqualTo(60);
        assertThat(all.get(1)).containsEntry("state", "stopped").containsEntry("pid", 0L).containsEntry("uptime_seconds", -1L);
        assertThat(services(c.call("{\"op\":\"status\",\"id\":2,\"services\":[\"worker-*\"]}")))
                .extracting(m -> m.get("name")).containsExactly("worker-1", "worker-2");
        Map<String, Object> none = c.call("{\"op\":\"status\",\"id\":3,\"services\":[\"nope\"]}");
        assertThat(none).containsEntry("id", 3L);
        assertThat(error(none)).containsEntry("code", "no_such_service");
        assertThat((String) error(none).get("message")).contains("'nope'").contains("web, db");
    }

    @Test
    void startStopRestartReportTheResultingStates() throws Exception {
        assertThat(services(c.call("{\"op\":\"start\",\"id\":1,\"services\":[\"web\",\"db\"]}")))
                .extracting(m -> m.get("state")).containsExactly("running", "running");
        List<Map<String, Object>> stopped = services(c.call("{\"op\":\"stop\",\"id\":2,\"services\":[\"web\"]}"));
        assertThat(stopped.get(0)).containsEntry("state", "stopped");
        @SuppressWarnings("unchecked")
        Map<String, Object> lastExit = (Map<String, Object>) stopped.get(0).get("last_exit");
        assertThat(lastExit).containsEntry("exit", "signal TERM").containsEntry("signal", "TERM")
                .containsEntry("max_rss_bytes", 3_250_586L).containsKeys("user_cpu_seconds", "system_cpu_seconds", "ended_at");
        assertThat(services(c.call("{\"op\":\"restart\",\"id\":3,\"services\":[\"*\"]}"))).hasSize(4)
                .allSatisfy(m -> assertThat(m).containsEntry("state", "running"));
        assertThat(error(c.call("{\"op\":\"start\",\"id\":4,\"services\":[]}"))).containsEntry("code", "bad_request");
    }

    @Test
    void signalGoesToTheBackendByNormalisedName() throws Exception {
        fx.backend.setState("web", ServiceState.RUNNING);
        Map<String, Object> r = c.call("{\"op\":\"signal\",\"id\":1,\"service\":\"web\",\"signal\":\"sighup\"}");
        assertThat(r).containsEntry("ok", true).containsKey("service");
        assertThat(fx.backend.signals).containsExactly("web:HUP");
        assertThat(error(c.call("{\"op\":\"signal\",\"id\":2,\"service\":\"nope\",\"signal\":\"HUP\"}")))
                .containsEntry("code", "no_such_service");
        assertThat(error(c.call("{\"op\":\"signal\",\"id\":3,\"service\":\"db\",\"signal\":\"HUP\"}")))
                .containsEntry("code", "invalid_state");
    }

    @Test
    void reloadReportsChangesOrConfigErrors() throws Exception {
        fx.backend.nextReload = new ReloadOutcome(true, List.of("new"), List.of("old"), List.of("web"),
                List.of("db"), List.of("worker-1"), List.of());
        Map<String, Object> ok = c.call("{\"op\":\"reload\",\"id\":1}");
        assertThat(ok).containsEntry("ok", true).containsEntry("added", List.of("new")).containsEntry("removed", List.of("old"))
                .containsEntry("restarted", List.of("web")).containsEntry("updated", List.of("db"))
                .containsEntry("unchanged", List.of("worker-1"));
        fx.backend.nextReload = new ReloadOutcome(false, List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of("/etc/pdsupd.conf:12: services.web.command: must not be empty"));
        Map<String, Object> err = error(c.call("{\"op\":\"reload\",\"id\":2}"));
        assertThat(err).containsEntry("code", "config_error")
                .containsEntry("errors", List.of("/etc/pdsupd.conf:12: services.web.command: must not be empty"));
        assertThat((String) err.get("message")).contains("1 error").contains("nothing was changed");
    }

    @Test
    void pidOfRunningAndStoppedServices() throws Exception {
        fx.backend.setState("web", ServiceState.RUNNING);
        Map<String, Object> r = c.call("{\"op\":\"pid\",\"id\":1,\"service\":\"web\"}");
        assertThat((Long) r.get("pid")).isPositive();
        Map<String, Object> e = error(c.call("{\"op\":\"pid\",\"id\":2,\"service\":\"db\"}"));
        assertThat(e).containsEntry("code", "invalid_state");
        assertThat((String) e.get("message")).isEqualTo("service 'db' is not running (state stopped)");
    }

    @Test
    void waitCompletesOnTheStateOrTimesOut() throws Exception {
        c.sendLine("{\"op\":\"wait\",\"id\":1,\"service\":\"web\",\"state\":\"running\",\"timeout_ms\":20000}");
        // a status answered while the wait is pending: requests do not queue behind each other
        assertThat(services(c.call("{\"op\":\"status\",\"id\":2,\"services\":[\"web\"]}")).get(0)).containsEntry("state", "stopped");
        fx.backend.setState("web", ServiceState.RUNNING);
        Map<String, Object> done = c.read();
        assertThat(done).containsEntry("id", 1L).containsEntry("ok", true);
        Map<String, Object> timeout = c.call("{\"op\":\"wait\",\"id\":3,\"service\":\"db\",\"timeout_ms\":50}");
        assertThat(error(timeout)).containsEntry("code", "timeout");
        assertThat(error(c.call("{\"op\":\"wait\",\"id\":4,\"service\":\"db\",\"state\":\"sleeping\"}")))
                .containsEntry("code", "bad_request").extractingByKey("message").asString().contains("unknown state 'sleeping'");
    }

    @Test
    void versionNamesTheDaemonAndProtocol() throws Exception {
        Map<String, Object> r = c.call("{\"op\":\"version\",\"id\":1}");
        assertThat(r).containsEntry("protocol", 1L);
        assertThat((String) r.get("version")).startsWith("pdsupd 0.1.0-test");
    }

    @Test
    void eventsWithoutFollowSendHistoryThenEnd() throws Exception {
        fx.backend.setState("web", ServiceState.RUNNING);
        fx.backend.setState("db", ServiceState.RUNNING);
        fx.backend.setState("web", ServiceState.STOPPED);
        c.sendLine("{\"op\":\"events\",\"id\":5,\"services\":[\"web\"]}");
        assertThat(c.read()).containsEntry("id", 5L).containsEntry("ok", true).containsEntry("streaming", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> e1 = (Map<String, Object>) c.read().get("event");
        assertThat(e1).containsEntry("service", "web").containsEntry("from", "stopped").containsEntry("to", "running")
                .containsKeys("seq", "time", "reason", "pid", "exit");
        @SuppressWarnings("unchecked")
        Map<String, Object> e2 = (Map<String, Object>) c.read().get("event");
        assertThat(e2).containsEntry("to", "stopped");
        assertThat(asMap(e2.get("exit"))).containsEntry("exit", "signal TERM");
        assertThat(c.read()).containsEntry("id", 5L).containsEntry("ok", true).containsEntry("end", true);
    }

    @Test
    void eventsFollowStreamsLiveTransitionsUntilClosed() throws Exception {
        c.sendLine("{\"op\":\"events\",\"id\":9,\"history\":false,\"follow\":true}");
        assertThat(c.read()).containsEntry("streaming", true);
        assertThat(fx.backend.subscriberCount()).isEqualTo(1);
        fx.backend.setState("worker-1", ServiceState.RUNNING);
        Map<String, Object> f = c.read();
        assertThat(f).containsEntry("id", 9L);
        assertThat(asMap(f.get("event"))).containsEntry("service", "worker-1").containsEntry("to", "running");
        // the connection still takes requests while streaming
        assertThat(services(c.call("{\"op\":\"status\",\"id\":10,\"services\":[\"db\"]}"))).hasSize(1);
        c.close();
        long deadline = System.currentTimeMillis() + 5000;
        while (fx.backend.subscriberCount() > 0 && System.currentTimeMillis() < deadline) Thread.sleep(10);
        assertThat(fx.backend.subscriberCount()).as("subscription closed with the connection").isZero();
        assertThat(fx.server.streamStatistics().openStreams()).isZero();
    }

    @Test
    void logsAreUnavailableUntilCaptureExists() throws Exception {
        Map<String, Object> e = error(c.call("{\"op\":\"logs\",\"id\":1,\"service\":\"web\"}"));
        assertThat(e).containsEntry("code", "invalid_state").containsEntry("message", "log capture not available in this pdsupd");
        assertThat(error(c.call("{\"op\":\"logs\",\"id\":2,\"service\":\"nope\"}"))).containsEntry("code", "no_such_service");
    }

    @Test
    void logsStreamLinesFromALogSource() throws Exception {
        fx.backend.logSource = (service, lines, follow, sink) -> {
            for (int i = lines; i > 0; i--) sink.line(i % 2 == 0 ? "stdout" : "stderr", service + " line -" + i);
            if (!follow) sink.end();
            return () -> { };
        };
        c.sendLine("{\"op\":\"logs\",\"id\":3,\"service\":\"web\",\"lines\":3}");
        assertThat(c.read()).containsEntry("streaming", true);
        assertThat(c.read()).containsEntry("id", 3L).containsEntry("line", "web line -3").containsEntry("stream", "stderr");
        assertThat(c.read()).containsEntry("line", "web line -2").containsEntry("stream", "stdout");
        assertThat(c.read()).containsEntry("line", "web line -1");
        assertThat(c.read()).containsEntry("end", true);
    }

    @Test
    void shutdownAnswersThenRefusesAdminOps() throws Exception {
        Map<String, Object> r = c.call("{\"op\":\"shutdown\",\"id\":1}");
        assertThat(r).containsEntry("ok", true).containsEntry("shutting_down", true);
        long deadline = System.currentTimeMillis() + 5000;
        while (fx.backend.shutdowns == 0 && System.currentTimeMillis() < deadline) Thread.sleep(5);
        assertThat(fx.backend.shutdowns).isEqualTo(1);
        assertThat(error(c.call("{\"op\":\"restart\",\"id\":2,\"services\":[\"web\"]}"))).containsEntry("code", "shutting_down");
        assertThat(error(c.call("{\"op\":\"shutdown\",\"id\":3}"))).containsEntry("code", "shutting_down");
        assertThat(services(c.call("{\"op\":\"status\",\"id\":4}"))).hasSize(4);
        assertThat(fx.backend.shutdowns).isEqualTo(1);
    }

    @Test
    void malformedRequestsGetErrorsAndTheConnectionStaysOpen() throws Exception {
        Map<String, Object> notJson = c.call("this is not json");
        assertThat(notJson).containsEntry("id", null);
        assertThat(error(notJson)).containsEntry("code", "bad_request");
        assertThat(error(c.call("{\"op\":\"frobnicate\",\"id\":8}"))).containsEntry("code", "unknown_op");
        byte[] badUtf8 = "{\"op\":\"status\",\"id\":1}\n".getBytes(StandardCharsets.UTF_8);
        badUtf8[8] = (byte) 0xC0;
        c.send(badUtf8);
        assertThat((String) error(c.read()).get("message")).contains("not valid UTF-8");
        c.sendLine("");
        c.sendLine("   ");
        assertThat(services(c.call("{\"op\":\"status\",\"id\":9}"))).hasSize(4);
        assertThat(fx.metrics.requests).contains("invalid:bad_request", "unknown:unknown_op", "status:ok");
    }

    @Test
    void oversizedFrameIsRefusedAndTheConnectionClosed() throws Exception {
        c.send(("{\"op\":\"status\",\"id\":1,\"services\":[\"" + "x".repeat(70_000) + "\"]}\n").getBytes(StandardCharsets.UTF_8));
        Map<String, Object> r = c.read();
        assertThat(error(r)).containsEntry("code", "frame_too_large");
        assertThat((String) error(r).get("message")).contains("65536");
        assertThat(c.awaitClose(5000)).isTrue();
        try (TestClient other = fx.client()) {
            assertThat(services(other.call("{\"op\":\"status\",\"id\":1}"))).hasSize(4);
        }
    }

    @Test
    void everyRequestIsReportedToMetrics() throws Exception {
        c.call("{\"op\":\"status\",\"id\":1}");
        c.call("{\"op\":\"pid\",\"id\":2,\"service\":\"db\"}");
        c.call("{\"op\":\"version\",\"id\":3}");
        assertThat(fx.metrics.requests).containsExactly("status:ok", "pid:invalid_state", "version:ok");
    }

    @Test
    void adminRootIsDetectedFromPeerCredentials() throws Exception {
        // the test runs as the daemon's own user, which is always admin
        assertThat(c.call("{\"op\":\"start\",\"id\":1,\"services\":[\"web\"]}")).containsEntry("ok", true);
    }
}
