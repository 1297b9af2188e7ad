package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness checks ({@code health}) against real services: an HTTP and a TCP service that stop answering are
 * restarted as unhealthy after {@code failures} failed checks, a hanging exec check is cut at its timeout and
 * counts as a failure without checks piling up, an exec check runs as the service's user with its output in the
 * service's log. Bounds on time are generous (the machine is shared); the order and count of events are exact.
 */
class HealthCheckTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    static String python() {
        Path system = Path.of("/usr/bin/python3");
        return Files.isExecutable(system) ? system.toString() : DependencyAndReadinessTest.findOnPath("python3");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** An HTTP server on {@code port} answering 200 "ok", or 503 while the file {@code sick} exists. */
    private Path httpServer() throws IOException {
        return write("http_service.py", """
                import http.server, os, sys
                port, sick = int(sys.argv[1]), sys.argv[2]
                class Handler(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        ok = not os.path.exists(sick)
                        self.send_response(200 if ok else 503)
                        self.end_headers()
                        self.wfile.write(b"all ok" if ok else b"sick")
                    def log_message(self, *args):
                        pass
                http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
                """);
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** Waits (bounded) until an event of {@code name} matches. */
    private static SupervisorEvent awaitEvent(SupervisorHarness h, String name, Predicate<SupervisorEvent> p,
                                              String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (SupervisorEvent e : h.eventsOf(name)) if (p.test(e)) return e;
            Thread.sleep(20);
        }
        throw new AssertionError(name + ": no event " + what + " within " + WAIT + "; events: " + h.eventsOf(name));
    }

    private static HealthSnapshot awaitHealth(SupervisorHarness h, String name, HealthState state)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ServiceSnapshot s = h.status(name);
            if (s != null && s.health() != null && s.health().state() == state && s.pid() > 0) return s.health();
            Thread.sleep(20);
        }
        throw new AssertionError(name + ": health never " + state + "; now " + h.status(name));
    }

    @Test
    void anHttpServiceThatStopsAnsweringIsRestartedAsUnhealthy() throws Exception {
        int port = freePort();
        Path sick = tmp.resolve("sick");
        try (var h = new SupervisorHarness(tmp, """
                web { command = ["%s", "%s", "%d", "%s"], backoff { initial = 100ms, jitter = 0 },
                      ready { mode = tcp, port = %d },
                      health { mode = http, url = "http://127.0.0.1:%d/healthz", interval = 300ms, timeout = 2s,
                               failures = 3, expect-body = ok } }
                """.formatted(python(), httpServer(), port, sick, port, port))) {
            HealthSnapshot healthy = awaitHealth(h, "web", HealthState.HEALTHY);
            assertThat(healthy.lastResult()).isEqualTo("GET http://127.0.0.1:" + port + "/healthz: HTTP 200");
            assertThat(healthy.mode()).isEqualTo("http");
            int firstPid = h.status("web").pid();
            awaitEvent(h, "web", e -> "healthy".equals(e.health()), "healthy");

            long sickSince = System.nanoTime();
            Files.writeString(sick, "");
            SupervisorEvent stop = awaitEvent(h, "web", e -> e.to() == ServiceState.STOPPING
                    && e.reason().startsWith("unhealthy: "), "stopping as unhealthy");
            long tookMillis = (System.nanoTime() - sickSince) / 1_000_000;
            Files.delete(sick);
            assertThat(stop.reason()).startsWith("unhealthy: GET http://127.0.0.1:" + port + "/healthz: HTTP 503");
            assertThat(stop.pid()).isEqualTo(firstPid);
            // failures x interval: the two failures before the third are one interval apart at least; the upper
            // bound only says "not stuck" on a loaded machine
            assertThat(tookMillis).isBetween(2 * 300L, 20_000L);
            List<String> failed = h.eventsOf("web").stream().map(SupervisorEvent::reason)
                    .filter(r -> r.startsWith("health check failed")).toList();
            assertThat(failed).containsExactly(
                    "health check failed (1 of 3): GET http://127.0.0.1:" + port + "/healthz: HTTP 503",
                    "health check failed (2 of 3): GET http://127.0.0.1:" + port + "/healthz: HTTP 503");

            SupervisorEvent backoff = awaitEvent(h, "web", e -> e.to() == ServiceState.BACKOFF, "backoff");
            assertThat(backoff.reason()).startsWith("unhealthy: GET http://127.0.0.1:" + port
                    + "/healthz: HTTP 503 (signal TERM); restart in ");

            awaitEvent(h, "web", e -> e.to() == ServiceState.RUNNING && e.pid() != firstPid, "running again");
            HealthSnapshot again = awaitHealth(h, "web", HealthState.HEALTHY);
            // read from the snapshot published after the event, once the new run is healthy
            assertThat(h.status("web").exits()).as("a crash, not an operator's stop").containsKey("signal:TERM")
                    .doesNotContainKey("stopped:signal:TERM");
            assertThat(again.consecutiveFailures()).isZero();
            assertThat(again.failures()).isEqualTo(3);
            assertThat(h.status("web").restarts()).isEqualTo(1);
        }
    }

    @Test
    void aTcpServiceThatStopsListeningIsRestartedAsUnhealthy() throws Exception {
        int port = freePort();
        Path close = tmp.resolve("close-listener");
        Path service = write("tcp_service.py", """
                import os, socket, sys, time
                port, flag = int(sys.argv[1]), sys.argv[2]
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", port))
                s.listen(16)
                s.settimeout(0.05)
                while True:
                    try:
                        c, _ = s.accept()
                        c.close()
                    except socket.timeout:
                        pass
                    if os.path.exists(flag):
                        os.remove(flag)
                        s.close()
                        time.sleep(600)
                """);
        try (var h = new SupervisorHarness(tmp, """
                db { command = ["%s", "%s", "%d", "%s"], backoff { initial = 100ms, jitter = 0 },
                     ready { mode = tcp, port = %d },
                     health { mode = tcp, address = "127.0.0.1:%d", interval = 200ms, timeout = 1s, failures = 2 } }
                """.formatted(python(), service, port, close, port, port))) {
            awaitHealth(h, "db", HealthState.HEALTHY);
            int firstPid = h.status("db").pid();
            Files.writeString(close, "");
            SupervisorEvent stop = awaitEvent(h, "db", e -> e.to() == ServiceState.STOPPING, "stopping");
            assertThat(stop.reason()).startsWith("unhealthy: tcp 127.0.0.1:" + port + ": connection refused");
            assertThat(h.eventsOf("db").stream().filter(e -> "unhealthy".equals(e.health())).toList()).hasSize(1);
            awaitEvent(h, "db", e -> e.to() == ServiceState.RUNNING && e.pid() != firstPid, "running again");
            awaitHealth(h, "db", HealthState.HEALTHY);
        }
    }

    @Test
    void aHangingExecCheckIsCutAtItsTimeoutAndChecksNeverOverlap() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("check"));
        // each check notes its pid; one that finds the previous check still alive notes an overlap
        Path check = write("hanging_check.sh", """
                #!/bin/sh
                d=%s
                prev=$(cat "$d/pid" 2>/dev/null)
                if [ -n "$prev" ] && kill -0 "$prev" 2>/dev/null; then echo "$prev" >> "$d/overlap"; fi
                echo $$ > "$d/pid"
                echo $$ >> "$d/pids"
                echo "checking $$"
                exec sleep 30
                """.formatted(d));
        check.toFile().setExecutable(true);
        try (var h = new SupervisorHarness(tmp, """
                stuck { command = ["/bin/sleep", "600"], backoff { initial = 1h, max = 1h },
                        health { mode = exec, command = ["%s"], interval = 100ms, timeout = 400ms, failures = 3 } }
                """.formatted(check))) {
            SupervisorEvent stop = awaitEvent(h, "stuck", e -> e.to() == ServiceState.STOPPING, "stopping");
            assertThat(stop.reason()).startsWith("unhealthy: exec " + check + ": no exit within 400ms (killed)");
            List<String> failures = h.eventsOf("stuck").stream().map(SupervisorEvent::reason)
                    .filter(r -> r.startsWith("health check failed")).toList();
            assertThat(failures).hasSize(2).allMatch(r -> r.endsWith("no exit within 400ms (killed)"));
            h.await("stuck", ServiceState.BACKOFF, WAIT);

            List<String> pids = Files.readAllLines(d.resolve("pids"));
            assertThat(pids).as("one check per failure, none while another ran").hasSize(3);
            assertThat(d.resolve("overlap")).doesNotExist();
            for (String pid : pids) {
                assertThat(SupervisorHarness.alive(Integer.parseInt(pid))).as("check %s was killed", pid).isFalse();
            }
            HealthSnapshot health = h.status("stuck").health();
            assertThat(health.state()).isEqualTo(HealthState.UNHEALTHY);
            assertThat(health.checks()).isEqualTo(3);
            assertThat(health.lastDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            for (String pid : pids) awaitLog(h, "stuck", "health check: checking " + pid + "\n");
        }
    }

    @Test
    void anExecCheckRunsAsTheServiceUserAndItsOutputGoesToTheServiceLog() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                quiet { command = ["/bin/sleep", "600"], user = nobody,
                        health { mode = exec, command = ["/usr/bin/id", "-un"], interval = 100ms, timeout = 5s } }
                """)) {
            HealthSnapshot health = awaitHealth(h, "quiet", HealthState.HEALTHY);
            assertThat(health.lastResult()).isEqualTo("exec /usr/bin/id -un: exit 0");
            awaitLog(h, "quiet", "health check: nobody\n");
        }
    }

    @Test
    void failuresWithinTheStartPeriodAreNotCountedAndAReloadTakesNewSettingsInPlace() throws Exception {
        String before = """
                warm { command = ["/bin/sleep", "600"], backoff { initial = 1h, max = 1h },
                       health { mode = exec, command = ["/bin/false"], interval = 100ms, failures = 1,
                                start-period = 1h } }
                """;
        try (var h = new SupervisorHarness(tmp, before)) {
            int pid = h.await("warm", ServiceState.RUNNING, WAIT).pid();
            awaitEvent(h, "warm", e -> e.reason().startsWith("health check failed within start-period"), "1st");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (h.status("warm").health().failures() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
            HealthSnapshot warm = h.status("warm").health();
            assertThat(warm.failures()).isGreaterThanOrEqualTo(3);
            assertThat(warm.consecutiveFailures()).isZero();
            assertThat(warm.state()).isEqualTo(HealthState.STARTING);
            assertThat(warm.lastResult()).isEqualTo("exec /bin/false: exit 1");
            assertThat(h.status("warm").pid()).as("not restarted").isEqualTo(pid);
            assertThat(h.eventsOf("warm").stream().filter(e -> e.health() != null).toList())
                    .as("the same failure again within start-period makes no new event").hasSize(1);

            // the same process, a check without a start period: reloaded in place, then unhealthy at once
            h.writeConfig(before.replace("start-period = 1h", "start-period = 0s"));
            assertThat(h.supervisor.reload().get().restarted()).isEmpty();
            SupervisorEvent stop = awaitEvent(h, "warm", e -> e.to() == ServiceState.STOPPING, "stopping");
            assertThat(stop.reason()).startsWith("unhealthy: exec /bin/false: exit 1");
            assertThat(stop.pid()).isEqualTo(pid);
        }
    }

    @Test
    void aCheckAddedByReloadToARunningServiceBegins() throws Exception {
        String before = "late { command = [\"/bin/sleep\", \"600\"], backoff { initial = 1h, max = 1h } }";
        try (var h = new SupervisorHarness(tmp, before)) {
            int pid = h.await("late", ServiceState.RUNNING, WAIT).pid();
            h.writeConfig(before.replace("} }", "}, health { mode = exec, command = [\"/bin/false\"],"
                    + " interval = 100ms, failures = 1 } }"));
            assertThat(h.supervisor.reload().get().updated()).containsExactly("late");
            SupervisorEvent stop = awaitEvent(h, "late", e -> e.to() == ServiceState.STOPPING, "stopping");
            assertThat(stop.reason()).startsWith("unhealthy: exec /bin/false: exit 1");
            assertThat(stop.pid()).isEqualTo(pid);
        }
    }

    @Test
    void readinessByCommandUsesTheSameExecProbe() throws Exception {
        Path flag = tmp.resolve("ready-flag");
        try (var h = new SupervisorHarness(tmp, """
                slow { command = ["/bin/sleep", "600"],
                       ready { mode = exec, command = ["/bin/sh", "-c", "echo not yet; test -e %s"], timeout = 30s } }
                never { command = ["/bin/sleep", "600"], backoff { initial = 1h, max = 1h },
                        ready { mode = exec, command = ["/bin/false"], timeout = 500ms } }
                """.formatted(flag))) {
            awaitLog(h, "slow", "ready check: not yet\n");
            assertThat(h.status("slow").state()).isEqualTo(ServiceState.STARTING);
            Files.writeString(flag, "");
            ServiceSnapshot up = h.await("slow", ServiceState.RUNNING, WAIT);
            assertThat(up.reason()).isEqualTo("ready (exec)");
            SupervisorEvent failed = awaitEvent(h, "never", e -> e.to() == ServiceState.BACKOFF, "backoff");
            assertThat(failed.reason()).startsWith("failed to become ready: not ready within 500ms (ready.mode = exec)");
        }
    }

    @Test
    void aServiceWithoutAHealthBlockHasNoHealth() throws Exception {
        try (var h = new SupervisorHarness(tmp, "plain { command = [\"/bin/sleep\", \"600\"] }")) {
            assertThat(h.await("plain", ServiceState.RUNNING, WAIT).health()).isNull();
        }
    }

    /** Waits (bounded) until the service's log files contain {@code text}: the writer thread writes them. */
    private static void awaitLog(SupervisorHarness h, String name, String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!serviceLog(h, name).contains(text) && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(serviceLog(h, name)).contains(text);
    }

    private static String serviceLog(SupervisorHarness h, String name) throws Exception {
        StringBuilder b = new StringBuilder();
        Path dir = h.dir.resolve("log").resolve(name);
        if (!Files.isDirectory(dir)) return "";
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) b.append(Files.readString(f));
        }
        return b.toString();
    }
}
