package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counters that move without a transition reach status and metrics while the service keeps running: output
 * dropped on a full log disk shows up in the snapshot though the service never left {@code running}. Needs
 * root (it mounts a 1 MiB tmpfs for the logs); skipped otherwise.
 */
class LiveCountersTest {
    @TempDir
    Path dir;
    private Path logs;
    private boolean mounted;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        logs = dir.resolve("logs");
        Files.createDirectories(logs);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", logs.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs (needs root): " + out.trim());
        Files.write(logs.resolve("filler"), new byte[900 * 1024]);
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) new ProcessBuilder("umount", "-l", logs.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void droppedOutputIsReportedWhileTheServiceStaysRunning() throws Exception {
        try (SupervisorHarness h = new SupervisorHarness(dir, """
                chatty { command = ["/bin/sh", "-c", "seq 1 200000; exec sleep 60"] }
                """, true, "log-dir = \"" + logs + "\"")) {
            ServiceSnapshot running = h.await("chatty", ServiceState.RUNNING, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            // the counter moves while seq writes; once seq is done the snapshot must agree with the capture
            ServiceSnapshot now = h.status("chatty");
            long counted = h.output.droppedBytes("chatty");
            while ((now.outputDroppedBytes() == 0 || now.outputDroppedBytes() != counted)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
                counted = h.output.droppedBytes("chatty");
                now = h.status("chatty");
            }
            assertThat(now.outputDroppedBytes()).as("dropped bytes in the snapshot").isPositive()
                    .isEqualTo(counted);
            assertThat(now.state()).isEqualTo(ServiceState.RUNNING);
            assertThat(now.pid()).as("the same run, no transition in between").isEqualTo(running.pid());
            List<SupervisorEvent> events = h.eventsOf("chatty");
            assertThat(events.get(events.size() - 1).to()).as("nothing since it became running")
                    .isEqualTo(ServiceState.RUNNING);
        }
    }
}
