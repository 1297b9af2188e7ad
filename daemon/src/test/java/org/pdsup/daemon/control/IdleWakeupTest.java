package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With nobody connected the control thread sleeps in the selector and is not woken at all (no purge timer,
 * no idle timer). Counted with the kernel's voluntary context switches of that thread, from /proc (Linux).
 */
@Timeout(60)
class IdleWakeupTest {
    @TempDir
    Path dir;

    @Test
    void anIdleServerDoesNotWakeUp() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs /proc/self/task (Linux)");
        ControlServerSettings s = ServerFixture.settings(dir).withLimits(64 * 1024, 8, Duration.ofMillis(200), 16);
        try (ServerFixture fx = ServerFixture.start(dir, s)) {
            try (TestClient c = fx.client()) {
                // a connection that came and went: its idle timer must be gone with it
                c.call("{\"op\":\"version\",\"id\":1}");
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (fx.server.connections() > 0 && System.currentTimeMillis() < deadline) Thread.sleep(10);
            Thread.sleep(300);
            long before = controlThreadWakeups();
            Thread.sleep(2500);
            long after = controlThreadWakeups();
            assertThat(after - before).as("wake-ups of the idle control thread in 2.5 s").isZero();
        }
    }

    /** Voluntary context switches of the threads named pdsup-control-*. */
    private static long controlThreadWakeups() throws IOException {
        long total = 0;
        int found = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String comm;
                List<String> status;
                try {
                    comm = Files.readString(t.resolve("comm")).trim();
                    if (!comm.startsWith("pdsup-control")) continue;
                    status = Files.readAllLines(t.resolve("status"));
                } catch (IOException gone) {
                    continue;
                }
                for (String line : status) {
                    if (line.startsWith("voluntary_ctxt_switches:")) {
                        total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        found++;
                    }
                }
            }
        }
        assertThat(found).as("control threads found").isEqualTo(1);
        return total;
    }
}
