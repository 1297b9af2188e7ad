package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pdsupd is the reaper of its services' orphans: they are reaped when they exit (no zombie is left), while
 * the services' own exit statuses are still read by the supervisor.
 */
class OrphanReapingTest {
    @TempDir
    Path tmp;

    @Test
    void orphansAreReapedAndServicesKeepTheirStatus() throws Exception {
        Path cfg = DaemonProcess.config(tmp, """
                spawner { command = ["/bin/sh", "-c", "for i in 1 2 3 4 5; do (/bin/sleep 0.2 &); done; exec /bin/sleep 60"] }
                exiter  { command = ["/bin/sh", "-c", "(/bin/sleep 0.3 &); sleep 0.5; exit 5"], restart = never }
                """);
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.runningPid("spawner", Duration.ofSeconds(30));
            d.awaitLine("exiter: running -> exited pid \\d+: exit 5", 0, Duration.ofSeconds(30));
            int daemonPid = (int) d.process.pid();
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<Integer> zombies = zombieChildren(daemonPid);
            while (!zombies.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                zombies = zombieChildren(daemonPid);
            }
            assertThat(zombies).as("zombie children of pdsupd").isEmpty();
        }
    }

    static List<Integer> zombieChildren(int parent) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Integer::parseInt).filter(pid -> {
                        try {
                            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            return f[0].equals("Z") && Integer.parseInt(f[1]) == parent;
                        } catch (IOException | RuntimeException e) {
                            return false;
                        }
                    }).toList();
        }
    }
}
