package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real pdsupd process: kill -9 takes non-persistent services along and leaves persistent ones; a new
 * pdsupd re-adopts them (same PID) and restarts them when they later die; a graceful stop leaves persistent
 * services running and exits 0.
 */
class LifetimeAcrossSupervisorTest {
    @TempDir
    Path tmp;

    @Test
    void killDashNineThenReadoption() throws Exception {
        Path cfg = DaemonProcess.config(tmp, """
                ephemeral { command = ["/bin/sleep", "1000"] }
                keeper { command = ["/bin/sleep", "1001"], persist = true, backoff { initial = 100ms } }
                """);
        int ephemeral;
        int keeper = -1;
        int keeper2 = -1;
        try {
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            ephemeral = d.runningPid("ephemeral", Duration.ofSeconds(30));
            keeper = d.runningPid("keeper", Duration.ofSeconds(30));
            d.process.destroyForcibly(); // SIGKILL
            assertThat(d.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(gone(ephemeral, Duration.ofSeconds(1))).as("non-persistent service gone within a second").isTrue();
        assertThat(alive(keeper)).as("persistent service still running").isTrue();
        assertThat(Files.readString(tmp.resolve("state/persistent.state"))).contains("keeper " + keeper + " ");

        try (DaemonProcess d2 = DaemonProcess.start("--config", cfg.toString())) {
            d2.awaitLine("keeper: stopped -> running pid " + keeper + ": adopted from an earlier pdsupd", 0,
                    Duration.ofSeconds(30));
            int newEphemeral = d2.runningPid("ephemeral", Duration.ofSeconds(30));
            assertThat(newEphemeral).isNotEqualTo(ephemeral);
            new ProcessBuilder("kill", Integer.toString(keeper)).start().waitFor();
            var m = d2.awaitLine("keeper: \\S+ -> backoff pid " + keeper + ": .*unknown \\(not our child\\)", 0,
                    Duration.ofSeconds(30));
            assertThat(m).isNotNull();
            var restarted = d2.awaitLine("keeper: starting -> running pid (\\d+)", 0, Duration.ofSeconds(30));
            keeper2 = Integer.parseInt(restarted.group(1));
            assertThat(keeper2).isNotEqualTo(keeper);

            d2.process.destroy(); // SIGTERM: graceful
            assertThat(d2.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(d2.process.exitValue()).isZero();
            assertThat(gone(newEphemeral, Duration.ofSeconds(5))).isTrue();
            assertThat(alive(keeper2)).as("persistent service survives a graceful stop").isTrue();
            assertThat(d2.output()).contains("keeper: persistent, left running as pid " + keeper2);
        }
        } finally {
            for (int pid : new int[] {keeper, keeper2}) {
                if (pid > 0) new ProcessBuilder("kill", "-9", Integer.toString(pid)).start().waitFor();
            }
        }
    }

    static boolean alive(int pid) {
        return org.pdsup.daemon.supervisor.SupervisorHarnessAccess.alive(pid);
    }

    static boolean gone(int pid, Duration t) throws InterruptedException {
        long deadline = System.nanoTime() + t.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive(pid)) return true;
            Thread.sleep(10);
        }
        return !alive(pid);
    }
}
