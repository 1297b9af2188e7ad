package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Supervisor#spawnsIdle()}: pdsupd keeps its start-up heap sizing until the boot's spawns have landed. A
 * spawn held at a gate (the real spawn follows when the test opens it) keeps it open; with none in flight it is
 * done at once.
 */
class SpawnsIdleTest {
    @TempDir
    Path tmp;

    @Test
    void completesOnlyOnceTheSpawnsInFlightHaveLanded() throws Exception {
        var gate = new GatedProcessDescriptors("GATED");
        try (var h = new SupervisorHarness(tmp, """
                held { command = ["/bin/sh", "-c", "exec sleep 60", "GATED"], autostart = false }
                """, true, "", gate)) {
            assertThat(h.supervisor.spawnsIdle()).as("nothing in flight").isDone();

            CompletableFuture<List<ServiceSnapshot>> start = h.supervisor.start(List.of("held"));
            gate.awaitHeld(1, Duration.ofSeconds(10));
            CompletableFuture<Void> idle = h.supervisor.spawnsIdle();
            assertThat(idle).as("a spawn is held at the gate").isNotDone();

            gate.open();
            idle.get(10, TimeUnit.SECONDS);
            assertThat(start.get(10, TimeUnit.SECONDS).get(0).state()).isEqualTo(ServiceState.RUNNING);
            assertThat(h.supervisor.spawnsIdle()).isDone();
        }
    }
}
