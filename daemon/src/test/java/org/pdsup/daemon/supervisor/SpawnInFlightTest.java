package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.procdesc.Signal;

/**
 * Spawns run on spawner threads while the supervisor thread goes on. A spawn is held at a gate (the real spawn
 * follows when the test opens it) to show what happens in between: other services' exits are handled, and a
 * stop, restart, or shutdown asked for meanwhile takes effect when the spawn lands.
 */
class SpawnInFlightTest {
    private static final String GATED = "GATED";
    @TempDir
    Path tmp;

    /** A service whose spawns wait at the gate. */
    private static final String HELD_SERVICE = """
            svc { command = ["/bin/sh", "-c", "exec sleep 60", "GATED"], autostart = false }
            """;

    private SupervisorHarness harness(GatedProcessDescriptors gate, String services) throws Exception {
        return new SupervisorHarness(tmp, services, true, "", gate);
    }

    /** Starts {@code names} and waits until their spawns are held at the gate. */
    private static CompletableFuture<List<ServiceSnapshot>> startHeld(SupervisorHarness h,
            GatedProcessDescriptors gate, String... names) throws InterruptedException {
        CompletableFuture<List<ServiceSnapshot>> start = h.supervisor.start(List.of(names));
        gate.awaitHeld(names.length, Duration.ofSeconds(10));
        return start;
    }

    private static int spawnedPid(SupervisorHarness h, String name) {
        return h.eventsOf(name).stream().filter(e -> e.pid() > 0).reduce((a, b) -> b).orElseThrow().pid();
    }

    @Test
    void aSpawnInFlightDoesNotHoldUpOtherServicesExits() throws Exception {
        var gate = new GatedProcessDescriptors(GATED);
        try (var h = harness(gate, """
                slow { command = ["/bin/sh", "-c", "exec sleep 60", "GATED"], autostart = false }
                quick { command = ["/bin/sleep", "60"], backoff { initial = 0 } }
                """)) {
            int first = h.await("quick", ServiceState.RUNNING, Duration.ofSeconds(10)).pid();
            CompletableFuture<List<ServiceSnapshot>> start = startHeld(h, gate, "slow");
            // the snapshot is published after the spawn is handed over: wait for it rather than read it at once
            assertThat(h.await("slow", ServiceState.STARTING, Duration.ofSeconds(10)).pid()).isZero();

            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            h.awaitEvents("quick", ServiceState.BACKOFF, 1, Duration.ofSeconds(10));
            h.awaitEvents("quick", ServiceState.RUNNING, 2, Duration.ofSeconds(10));
            assertThat(h.status("quick").pid()).isNotEqualTo(first).isPositive();
            assertThat(start).as("slow is still being spawned").isNotDone();

            gate.open();
            assertThat(start.get(10, TimeUnit.SECONDS).get(0).state()).isEqualTo(ServiceState.RUNNING);
        }
    }

    @Test
    void aStopDuringTheSpawnStopsTheProcessWhenItLands() throws Exception {
        var gate = new GatedProcessDescriptors(GATED);
        try (var h = harness(gate, HELD_SERVICE)) {
            CompletableFuture<List<ServiceSnapshot>> start = startHeld(h, gate, "svc");
            CompletableFuture<List<ServiceSnapshot>> stop = h.supervisor.stop(List.of("svc"));
            h.awaitEvents("svc", ServiceState.STOPPING, 1, Duration.ofSeconds(10));
            assertThat(h.status("svc").state()).isEqualTo(ServiceState.STOPPING);
            assertThat(start.get(10, TimeUnit.SECONDS).get(0).state()).as("the start is answered by the stop")
                    .isEqualTo(ServiceState.STOPPING);
            assertThat(stop).isNotDone();

            gate.open();
            ServiceSnapshot stopped = stop.get(10, TimeUnit.SECONDS).get(0);
            assertThat(stopped.state()).isEqualTo(ServiceState.STOPPED);
            assertThat(stopped.lastExit().signal()).isEqualTo("TERM");
            int pid = spawnedPid(h, "svc");
            assertThat(SupervisorHarness.awaitGone(pid, Duration.ofSeconds(5))).isTrue();
            assertThat(h.eventsTo("svc", ServiceState.RUNNING)).as("never reported running").isEmpty();
        }
    }

    @Test
    void aRestartDuringTheSpawnStartsAFreshProcess() throws Exception {
        var gate = new GatedProcessDescriptors(GATED);
        try (var h = harness(gate, HELD_SERVICE)) {
            startHeld(h, gate, "svc");
            CompletableFuture<List<ServiceSnapshot>> restart = h.supervisor.restart(List.of("svc"));
            h.awaitEvents("svc", ServiceState.STOPPING, 1, Duration.ofSeconds(10));

            gate.open();
            ServiceSnapshot running = restart.get(10, TimeUnit.SECONDS).get(0);
            assertThat(running.state()).isEqualTo(ServiceState.RUNNING);
            int firstPid = h.eventsTo("svc", ServiceState.STOPPING).stream().filter(e -> e.pid() > 0)
                    .findFirst().orElseThrow().pid();
            assertThat(running.pid()).isNotEqualTo(firstPid);
            assertThat(SupervisorHarness.awaitGone(firstPid, Duration.ofSeconds(5))).isTrue();
            assertThat(SupervisorHarness.alive(running.pid())).isTrue();
        }
    }

    @Test
    void aFailedSpawnDuringAStopEndsStopped() throws Exception {
        var gate = new GatedProcessDescriptors(GATED);
        Path missing = tmp.resolve("soon-gone");
        Files.writeString(missing, "#!/bin/sh\nexec sleep 60\n");
        missing.toFile().setExecutable(true);
        try (var h = harness(gate, "svc { command = [\"" + missing + "\", \"GATED\"], autostart = false }")) {
            Files.delete(missing); // the configuration was checked while it existed
            startHeld(h, gate, "svc");
            CompletableFuture<List<ServiceSnapshot>> stop = h.supervisor.stop(List.of("svc"));
            h.awaitEvents("svc", ServiceState.STOPPING, 1, Duration.ofSeconds(10));
            gate.open();
            ServiceSnapshot stopped = stop.get(10, TimeUnit.SECONDS).get(0);
            assertThat(stopped.state()).isEqualTo(ServiceState.STOPPED);
            assertThat(stopped.lastError()).contains(missing.toString());
            assertThat(stopped.spawnFailures()).isEqualTo(1);
        }
    }

    @Test
    void shutdownWaitsForTheSpawnThenStopsTheService() throws Exception {
        var gate = new GatedProcessDescriptors(GATED);
        try (var h = harness(gate, HELD_SERVICE)) {
            startHeld(h, gate, "svc");
            CompletableFuture<Void> shutdown = h.supervisor.shutdown();
            drainLoop(h); // the shutdown has gone as far as it can without the landing
            assertThat(shutdown).as("waits for the spawn in flight").isNotDone();

            gate.open();
            shutdown.get(20, TimeUnit.SECONDS);
            assertThat(SupervisorHarness.awaitGone(spawnedPid(h, "svc"), Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void shutdownWaitsForTheSpawnThenLeavesAPersistentServiceRunning() throws Exception {
        var gate = new GatedProcessDescriptors(GATED);
        int kept = 0;
        try (var h = harness(gate, """
                keeper { command = ["/bin/sh", "-c", "exec sleep 61", "GATED"], autostart = false, persist = true }
                """)) {
            startHeld(h, gate, "keeper");
            CompletableFuture<Void> shutdown = h.supervisor.shutdown();
            drainLoop(h); // the shutdown has gone as far as it can without the landing
            assertThat(shutdown).as("waits for the spawn in flight").isNotDone();

            gate.open();
            shutdown.get(20, TimeUnit.SECONDS);
            kept = spawnedPid(h, "keeper");
            assertThat(SupervisorHarness.alive(kept)).as("a persistent service outlives the supervisor").isTrue();
            // the landing finished the shutdown; nothing after it may rewrite the state file without the keeper
            drainLoop(h);
            assertThat(Files.readString(tmp.resolve("state/persistent.state"))).contains("keeper " + kept + " ");
        } finally {
            if (kept > 0) ProcessHandle.of(kept).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aSignalDuringTheSpawnIsRefusedClearly() throws Exception {
        var gate = new GatedProcessDescriptors(GATED);
        try (var h = harness(gate, HELD_SERVICE)) {
            startHeld(h, gate, "svc");
            assertThat(h.supervisor.signal("svc", Signal.HUP))
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withMessageContaining("svc has no running process (state starting)");
            gate.open();
            h.await("svc", ServiceState.RUNNING, Duration.ofSeconds(10));
        }
    }

    /** Returns once the supervisor thread has run everything posted to it before this call. */
    private static void drainLoop(SupervisorHarness h) throws Exception {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        h.loop.post(done::countDown);
        assertThat(done.await(10, TimeUnit.SECONDS)).as("the supervisor thread runs").isTrue();
    }
}
