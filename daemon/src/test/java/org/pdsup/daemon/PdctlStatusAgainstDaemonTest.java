package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pdctl status} against a real pdsupd: how long each service has been in its state (stopped, fatal and
 * waiting ones too), what a waiting service waits for (also when a wait times out), and exit 3 when any service is fatal.
 */
class PdctlStatusAgainstDaemonTest {
    @TempDir
    Path tmp;

    private InProcessPdctl.Result pdctl(Path socket, String... args) {
        return InProcessPdctl.run(socket, args);
    }

    /** A TCP port nobody listens on (bound, then closed): "gate" never becomes ready. */
    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void sinceReasonAndFatalExitStatus() throws Exception {
        int port = closedPort();
        Path cfg = DaemonProcess.config(tmp, """
                crasher { command = ["/bin/sh", "-c", "exit 1"], start-limit.burst = 1, backoff.initial = 0 }
                gate { command = ["/bin/sleep", "60"], ready { mode = tcp, port = %d, timeout = 120s } }
                api { command = ["/bin/sleep", "60"], requires = [gate] }
                idle { command = ["/bin/sleep", "60"], autostart = false }
                """.formatted(port));
        Path socket = tmp.resolve("pdsupd.sock");
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.awaitLine("control: listening on", 0, Duration.ofSeconds(30));
            d.awaitLine("crasher: \\S+ -> ", 0, Duration.ofSeconds(30)); // the services are known by then
            InProcessPdctl.Result wait = pdctl(socket, "wait", "crasher", "--state", "fatal", "--timeout", "30s");
            assertThat(wait.code()).as(wait.err()).isZero();

            InProcessPdctl.Result status = pdctl(socket, "status");
            assertThat(status.code()).as("any fatal service: exit 3").isEqualTo(3);
            List<String> rows = status.out().lines().toList();
            assertThat(rows.get(0)).matches("NAME +STATE +SINCE +PID +UPTIME +RESTARTS +LAST-EXIT");
            assertThat(rows).anySatisfy(r -> assertThat(r).matches("crasher +fatal +\\d+s +- +- .*exit 1.*"));
            assertThat(rows).anySatisfy(r -> assertThat(r)
                    .matches("api +starting: waiting for gate: starting +\\d+s +- +- .*"));
            assertThat(rows).anySatisfy(r -> assertThat(r)
                    .matches("gate +starting: waiting for readiness: tcp 127\\.0\\.0\\.1:" + port + " +\\d+s +\\d+ +\\d+s .*"));
            assertThat(rows).anySatisfy(r -> assertThat(r).matches("idle +stopped +\\d+s +- +- .*"));

            InProcessPdctl.Result json = pdctl(socket, "--json", "status", "api");
            assertThat(json.out()).contains("\"reason\":\"waiting for gate\"").containsPattern("\"since_seconds\":\\d+");
            assertThat(json.out()).contains("\"waiting_for\":\"gate: starting\"");
            InProcessPdctl.Result timeout = pdctl(socket, "wait", "api", "--timeout", "100ms");
            assertThat(timeout.code()).isEqualTo(75);
            assertThat(timeout.err()).contains("waiting for gate: starting");
            assertThat(pdctl(socket, "status", "idle").code()).isEqualTo(3);

            // with the fatal service stopped, nothing is fatal: exit 0 although services are down
            assertThat(pdctl(socket, "stop", "crasher").code()).isZero();
            assertThat(pdctl(socket, "status").code()).isZero();
        }
    }
}
