package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM shuts down as {@code pdctl shutdown} does: while the services stop, admin requests are refused with
 * {@code shutting_down} (before, only the control protocol's shutdown did so, and a SIGTERM'd daemon went on
 * taking signals, stops and log reopenings).
 */
class SigtermShutdownTest {
    @TempDir
    Path tmp;

    private static InProcessPdctl.Result pdctl(Path socket, String... args) {
        return InProcessPdctl.run(socket, args);
    }

    @Test
    void aDaemonStoppingOnSigtermRefusesAdminRequestsAsPdctlShutdownDoes() throws Exception {
        // readiness comes after the trap is installed, so SIGTERM cannot end the service before it ignores it
        Path cfg = DaemonProcess.config(tmp, """
                stubborn { command = ["/bin/sh", "-c", "trap '' TERM USR1; echo ready >&3; exec 3>&-; while :; do sleep 1; done"],
                           ready { mode = notify-fd, fd = 3 }, stop { mode = process, timeout = 300s } }
                """);
        Path socket = tmp.resolve("pdsupd.sock");
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            int pid = d.runningPid("stubborn", Duration.ofSeconds(30));
            d.awaitLine("control: listening on", 0, Duration.ofSeconds(30));
            assertThat(pdctl(socket, "signal", "stubborn", "USR1").code()).as("before SIGTERM").isZero();

            int mark = d.lineCount();
            new ProcessBuilder("kill", "-TERM", Long.toString(d.process.pid())).start().waitFor();
            d.awaitLine("stubborn: running -> stopping", mark, Duration.ofSeconds(30));

            InProcessPdctl.Result signal = pdctl(socket, "signal", "stubborn", "USR1");
            assertThat(signal.code()).as(signal.out() + signal.err()).isNotZero();
            assertThat(signal.err()).isEqualTo("pdctl: pdsupd is shutting down\n");
            InProcessPdctl.Result again = pdctl(socket, "shutdown");
            assertThat(again.err()).as("what a second pdctl shutdown gets").isEqualTo(signal.err());
            InProcessPdctl.Result status = pdctl(socket, "status", "stubborn");
            assertThat(status.out()).as("read-only requests are still answered: %s", status.err())
                    .contains("stubborn").contains("stopping");

            new ProcessBuilder("kill", "-KILL", Integer.toString(pid)).start().waitFor();
            assertThat(d.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("pdsupd exits").isTrue();
        }
    }
}
