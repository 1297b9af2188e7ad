package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: pdsupd --example runs the demo services and restarts the crashing one. */
class ExampleConfigTest {
    @TempDir
    Path tmp;

    @Test
    void theBundledExampleRunsAndTheFlakyServiceIsRestarted() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dpdsup.exec.helper=" + System.getProperty("pdsup.exec.helper"),
                "org.pdsup.daemon.Main", "--example"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PDSUP_EXAMPLE_DIR", tmp.resolve("example").toString());
        pb.environment().put("PDSUP_EXAMPLE_METRICS", "false");
        try (DaemonProcess d = DaemonProcess.start(pb)) {
            d.awaitLine("clock: \\S+ -> running pid \\d+", 0, Duration.ofSeconds(30));
            d.awaitLine("flaky: \\S+ -> running pid \\d+", 0, Duration.ofSeconds(30));
            d.awaitLine("flaky: \\S+ -> backoff pid \\d+: failed: exit", 0, Duration.ofSeconds(60));
            d.awaitLine("flaky: backoff -> starting: restart #1", 0, Duration.ofSeconds(60));
            d.awaitLine("flaky: starting -> starting pid \\d+: spawned in \\d", 0, Duration.ofSeconds(60));
            d.process.destroy();
            assertThat(d.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(d.process.exitValue()).isZero();
            assertThat(d.output()).contains("all services stopped");
        }
    }
}
