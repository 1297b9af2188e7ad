package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code start-limit.cool-down} with real processes: a fatal service is running again about the cool-down later
 * (the events' own times say when), and a reload that shortens the cool-down of a fatal service applies.
 */
class CoolDownTest {
    @TempDir
    Path tmp;

    private static final String RETRY = "cool-down of 2s over: trying again";

    @Test
    void aFatalServiceIsRunningAgainAfterItsCoolDown() throws Exception {
        // exits 1 on its first two runs (a counter file), then stays up: fatal after two starts, running after
        // the cool-down
        Path counter = tmp.resolve("runs");
        try (var h = new SupervisorHarness(tmp, """
                flappy { command = ["/bin/sh", "-c", "echo x >> %s; [ $(wc -l < %s) -gt 2 ] && exec sleep 60; exit 1"],
                         backoff { initial = 10ms, jitter = 0 },
                         start-limit { burst = 2, interval = 60s, cool-down = 2s } }
                """.formatted(counter, counter))) {
            SupervisorEvent fatal = h.awaitEvents("flappy", ServiceState.FATAL, 1, Duration.ofSeconds(30)).get(0);
            assertThat(fatal.reason()).endsWith("trying again after the cool-down of 2s (or pdctl start flappy)");
            h.await("flappy", ServiceState.RUNNING, Duration.ofSeconds(60));
            SupervisorEvent retry = h.eventsOf("flappy").stream().filter(e -> e.reason().equals(RETRY)).findFirst()
                    .orElseThrow(() -> new AssertionError("no '" + RETRY + "' event: " + h.eventsOf("flappy")));
            assertThat(retry.from()).isEqualTo(ServiceState.FATAL);
            Duration inFatal = Duration.between(fatal.time(), retry.time());
            // the timer never fires early; the upper bound is generous for a loaded 2-core machine
            assertThat(inFatal).isBetween(Duration.ofMillis(1990), Duration.ofSeconds(30));
        }
    }

    @Test
    void aReloadThatShortensTheCoolDownApplies() throws Exception {
        String service = """
                stuck { command = ["/bin/sh", "-c", "exit 1"], backoff { initial = 10ms, jitter = 0 },
                        start-limit { burst = 1, interval = 60s, cool-down = %s } }
                """;
        try (var h = new SupervisorHarness(tmp, service.formatted("1h"))) {
            h.awaitEvents("stuck", ServiceState.FATAL, 1, Duration.ofSeconds(30));
            h.writeConfig(service.formatted("1s"));
            h.supervisor.reload().get(30, TimeUnit.SECONDS);
            // an hour's cool-down would never end within the test: the new second's does, counted from fatal
            h.awaitEvents("stuck", ServiceState.FATAL, 2, Duration.ofSeconds(30));
            List<SupervisorEvent> retries = h.eventsOf("stuck").stream()
                    .filter(e -> e.reason().equals("cool-down of 1s over: trying again")).toList();
            assertThat(retries).isNotEmpty();
        }
    }
}
