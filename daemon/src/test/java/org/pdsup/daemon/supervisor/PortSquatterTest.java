package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness that cannot be fooled (issue 17 item 4): with another process listening on a {@code ready.mode = tcp}
 * port, the start fails, naming that process, and backs off, instead of the service being marked ready by the
 * other process's answer while it dies with EADDRINUSE. Once the port is free, the service starts.
 */
class PortSquatterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void aSquattedReadyPortFailsTheStartNamingTheSquatterAndBacksOff() throws Exception {
        int port = HealthCheckTest.freePort();
        String python = HealthCheckTest.python();
        Process squatter = new ProcessBuilder(python, "-c", "import socket, sys, time\n"
                + "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "s.bind(('0.0.0.0', " + port + ")); s.listen(16); print('listening', flush=True); time.sleep(600)\n")
                .redirectErrorStream(true).start();
        try {
            String first = new BufferedReader(new InputStreamReader(squatter.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertThat(first).isEqualTo("listening");
            try (var h = new SupervisorHarness(tmp, """
                    web { command = ["%s", "-c", "import socket, time; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', %d)); s.listen(); time.sleep(600)"],
                          ready { mode = tcp, port = %d, timeout = 20s },
                          backoff { initial = 200ms, max = 200ms, jitter = 0 }, start-limit.burst = 1000 }
                    """.formatted(python, port, port))) {
                List<SupervisorEvent> backoffs = h.awaitEvents("web", ServiceState.BACKOFF, 2, WAIT);
                String reason = backoffs.get(0).reason();
                assertThat(reason).startsWith("spawn failed: cannot start: ready.port " + port
                        + " on 127.0.0.1 is already accepting connections (listener: pid " + squatter.pid()
                        + " (python");
                assertThat(reason).contains(" on 0.0.0.0:" + port + ")");
                assertThat(h.status("web").lastError()).contains("pid " + squatter.pid());
                assertThat(h.eventsTo("web", ServiceState.RUNNING)).as("never ready on another's port").isEmpty();
                assertThat(h.eventsOf("web")).noneMatch(e -> e.to() == ServiceState.STARTING && e.pid() > 0);
                assertThat(h.status("web").spawnFailures()).isPositive(); // the snapshot may lag the last event

                squatter.destroyForcibly().waitFor();
                ServiceSnapshot up = h.await("web", ServiceState.RUNNING, WAIT);
                assertThat(up.ready()).isTrue();
            }
        } finally {
            squatter.destroyForcibly().waitFor();
        }
    }

    @Test
    void aPortTheServiceHoldsItselfIsNotASquatter() throws Exception {
        int port = HealthCheckTest.freePort();
        try (var h = new SupervisorHarness(tmp, """
                held { command = ["/bin/sleep", "600"], sockets = [ { listen = "tcp:127.0.0.1:%d" } ],
                       ready { mode = tcp, port = %d, timeout = 20s } }
                """.formatted(port, port))) {
            assertThat(h.await("held", ServiceState.RUNNING, WAIT).spawnFailures()).isZero();
        }
    }
}
