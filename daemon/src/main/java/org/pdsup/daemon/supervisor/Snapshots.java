package org.pdsup.daemon.supervisor;


import org.pdsup.config.ReadyMode;
import org.pdsup.config.Readiness;
import org.pdsup.config.ServiceType;

/** Builds the immutable {@link ServiceSnapshot} of a service; called on the supervisor thread. */
final class Snapshots {
    private Snapshots() {}

    static ServiceSnapshot of(Service s, org.pdsup.daemon.output.Capture output) {
        long dropped = output.droppedBytes(s.name);
        return new ServiceSnapshot(s.name, s.state(), s.ready, s.pid(), s.since,
                s.hasProcess() ? s.runStartedAt : null, s.restarts, s.spawnFailures, s.lastExit, s.lastError,
                s.config.persist(), s.adopted, s.exitsCopy(), s.userCpuSeconds, s.systemCpuSeconds, dropped,
                s.reason, waitingFor(s), HealthStatus.snapshotOf(s.healthStatus, s.config.health()));
    }

    /** What {@code s} waits for in its phase, or null (see {@link ServiceSnapshot#waitingFor()}). */
    static String waitingFor(Service s) {
        return switch (s.phase) {
            case WAITING -> s.waitingFor;
            case LAUNCHING -> "pidfile " + s.config.pidfile();
            case STARTING -> s.config.type() == ServiceType.ONESHOT ? "exit (oneshot)"
                    : s.config.ready().mode() == ReadyMode.STARTED ? null
                    : "readiness: " + readiness(s.config.ready());
            default -> null;
        };
    }

    private static String readiness(Readiness r) {
        return switch (r.mode()) {
            case STARTED -> "started";
            case DELAY -> "delay " + Durations.format(r.delay());
            case NOTIFY_FD -> "notify-fd " + r.fd();
            case TCP -> "tcp " + r.host() + ":" + r.port();
            case EXEC -> "exec " + String.join(" ", r.command());
        };
    }
}
