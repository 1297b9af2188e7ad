package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's spawn environment is kept from spawn to spawn ({@link Service#spawnEnvironment()}) but not past a
 * reload that changes it: real processes write the variable they got into a file, one line per run.
 */
class SpawnEnvironmentTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private static String config(Path out, String a) {
        return """
                envs { command = ["/bin/sh", "-c", "echo \\"A=$A B=$B\\" >> %s; exec sleep 600"],
                       environment { A = "%s", B = "kept" } }
                """.formatted(out, a);
    }

    /** Waits (bounded) until {@code out} has {@code n} lines; returns them. */
    private static List<String> awaitLines(Path out, int n) throws Exception {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(out)) {
                List<String> lines = Files.readAllLines(out);
                if (lines.size() >= n) return lines;
            }
            Thread.sleep(20); // the shell writes on its own schedule
        }
        return Files.exists(out) ? Files.readAllLines(out) : List.of();
    }

    @Test
    void aRestartKeepsTheEnvironmentAndAReloadThatChangesItIsSeenByTheNextSpawn() throws Exception {
        Path out = tmp.resolve("env.out");
        try (var h = new SupervisorHarness(tmp, config(out, "1"))) {
            h.await("envs", ServiceState.RUNNING, LONG);
            assertThat(awaitLines(out, 1)).containsExactly("A=1 B=kept");

            h.supervisor.restart(List.of("envs")).get(90, TimeUnit.SECONDS); // same configuration: same environment
            assertThat(awaitLines(out, 2)).containsExactly("A=1 B=kept", "A=1 B=kept");

            h.writeConfig(config(out, "2"));
            assertThat(h.supervisor.reload().get(90, TimeUnit.SECONDS).restarted()).containsExactly("envs");
            assertThat(awaitLines(out, 3)).containsExactly("A=1 B=kept", "A=1 B=kept", "A=2 B=kept");

            h.supervisor.restart(List.of("envs")).get(90, TimeUnit.SECONDS);
            assertThat(awaitLines(out, 4)).endsWith("A=2 B=kept", "A=2 B=kept");
        }
    }
}
