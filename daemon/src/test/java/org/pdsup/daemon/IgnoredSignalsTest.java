package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 defect 9: a pdsupd started under {@code nohup} by a shell that also ignores SIGINT still reloads on
 * SIGHUP and stops in order on SIGINT (the JVM skips handlers for signals it finds ignored).
 */
class IgnoredSignalsTest {
    @TempDir
    Path tmp;

    @Test
    void hupReloadsAndIntStopsUnderNohupWithIntIgnored() throws Exception {
        Path cfg = DaemonProcess.config(tmp, """
                worker { command = ["/bin/sleep", "1000"] }
                """);
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "trap '' INT; exec nohup \"$0\" \"$@\""));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "-Dpdsup.exec.helper=" + System.getProperty("pdsup.exec.helper"), "-XX:+UseSerialGC",
                "org.pdsup.daemon.Main", "--config", cfg.toString()));
        try (DaemonProcess d = DaemonProcess.start(new ProcessBuilder(cmd))) {
            int worker = d.runningPid("worker", Duration.ofSeconds(60));
            d.awaitLine("boot complete", 0, Duration.ofSeconds(60));
            String pid = Long.toString(d.process.pid()); // sh exec'd nohup, which exec'd java: one pid

            DaemonProcess.config(tmp, """
                    worker { command = ["/bin/sleep", "1000"] }
                    extra { command = ["/bin/sleep", "1000"], autostart = false }
                    """);
            new ProcessBuilder("kill", "-HUP", pid).inheritIO().start().waitFor();
            d.awaitLine("reload applied: added \\[extra\\]", 0, Duration.ofSeconds(60));

            new ProcessBuilder("kill", "-INT", pid).inheritIO().start().waitFor();
            d.awaitLine("SIGINT: stopping", 0, Duration.ofSeconds(60));
            assertThat(d.process.waitFor(60, TimeUnit.SECONDS)).as("pdsupd exits after SIGINT").isTrue();
            assertThat(d.process.exitValue()).isZero();
            String out = d.output();
            assertThat(out).contains("worker: stopping -> stopped pid " + worker).contains("pdsupd stopped");
            assertThat(out.indexOf("worker: stopping -> stopped")).isLessThan(out.indexOf("pdsupd stopped"));
        }
    }
}
