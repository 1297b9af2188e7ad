package org.pdsup.daemon.supervisor;

import java.util.Map;

/** Builds the immutable {@link ServiceSnapshot} of a service; called on the supervisor thread. */
final class Snapshots {
    private Snapshots() {}

    static ServiceSnapshot of(Service s, org.pdsup.daemon.output.Capture output) {
        long dropped = output.droppedBytes(s.name);
        return new ServiceSnapshot(s.name, s.state(), s.ready, s.pid(), s.since,
                s.hasProcess() ? s.runStartedAt : null, s.restarts, s.spawnFailures, s.lastExit, s.lastError,
                s.config.persist(), s.adopted, Map.copyOf(s.exits), s.userCpuSeconds, s.systemCpuSeconds, dropped,
                s.reason, HealthStatus.snapshotOf(s.healthStatus, s.config.health()));
    }
}
