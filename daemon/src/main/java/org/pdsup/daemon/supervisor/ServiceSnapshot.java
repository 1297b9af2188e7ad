package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.Map;

/**
 * An immutable picture of one service, published by the supervisor thread after every change and read by any
 * thread (control requests, metrics scrapes) without locks.
 *
 * @param pid         the running process's PID (read from its descriptor), or 0
 * @param since       when the current state was entered
 * @param startedAt   start time of the current process (from the descriptor), or null
 * @param restarts    how many times the supervisor restarted it (operator starts not counted)
 * @param lastExit    the last finished run, or null
 * @param lastError   the last spawn or readiness error, or null
 * @param exits       finished runs by reason: "exit:CODE" or "signal:NAME" -> count; a run that ended after
 *                    pdsupd was asked to stop it (operator stop or restart, reload, shutdown) has the key
 *                    prefixed with "stopped:" ("stopped:signal:TERM")
 * @param outputDroppedBytes output dropped so far; {@link Supervisor#snapshot()} reads it live
 * @param reason      why the current state was entered (the reason of its last transition), or null
 * @param waitingFor  what it waits for now, or null: "db: starting" (requirements, or services it starts after,
 *                    each with its state), "readiness: tcp 127.0.0.1:8080", "pidfile /run/x.pid", "exit (oneshot)"
 * @param health      its liveness check, or null when it has none
 */
public record ServiceSnapshot(String name, ServiceState state, boolean ready, int pid, Instant since,
                              Instant startedAt, long restarts, long spawnFailures, RunSummary lastExit,
                              String lastError, boolean persist, boolean adopted, Map<String, Long> exits,
                              double totalUserCpuSeconds, double totalSystemCpuSeconds,
                              long outputDroppedBytes, String reason, String waitingFor, HealthSnapshot health) {

    /** A snapshot without a liveness check. */
    public ServiceSnapshot(String name, ServiceState state, boolean ready, int pid, Instant since,
                           Instant startedAt, long restarts, long spawnFailures, RunSummary lastExit,
                           String lastError, boolean persist, boolean adopted, Map<String, Long> exits,
                           double totalUserCpuSeconds, double totalSystemCpuSeconds, long outputDroppedBytes,
                           String reason, String waitingFor) {
        this(name, state, ready, pid, since, startedAt, restarts, spawnFailures, lastExit, lastError, persist,
                adopted, exits, totalUserCpuSeconds, totalSystemCpuSeconds, outputDroppedBytes, reason, waitingFor,
                (HealthSnapshot) null);
    }

    /** A snapshot that does not say what it waits for. */
    public ServiceSnapshot(String name, ServiceState state, boolean ready, int pid, Instant since,
                           Instant startedAt, long restarts, long spawnFailures, RunSummary lastExit,
                           String lastError, boolean persist, boolean adopted, Map<String, Long> exits,
                           double totalUserCpuSeconds, double totalSystemCpuSeconds, long outputDroppedBytes,
                           String reason, HealthSnapshot health) {
        this(name, state, ready, pid, since, startedAt, restarts, spawnFailures, lastExit, lastError, persist,
                adopted, exits, totalUserCpuSeconds, totalSystemCpuSeconds, outputDroppedBytes, reason, null, health);
    }

    /** A snapshot that says neither what it waits for nor how its liveness check goes. */
    public ServiceSnapshot(String name, ServiceState state, boolean ready, int pid, Instant since,
                           Instant startedAt, long restarts, long spawnFailures, RunSummary lastExit,
                           String lastError, boolean persist, boolean adopted, Map<String, Long> exits,
                           double totalUserCpuSeconds, double totalSystemCpuSeconds, long outputDroppedBytes,
                           String reason) {
        this(name, state, ready, pid, since, startedAt, restarts, spawnFailures, lastExit, lastError, persist,
                adopted, exits, totalUserCpuSeconds, totalSystemCpuSeconds, outputDroppedBytes, reason, null,
                (HealthSnapshot) null);
    }

    /** A snapshot without a transition reason. */
    public ServiceSnapshot(String name, ServiceState state, boolean ready, int pid, Instant since,
                           Instant startedAt, long restarts, long spawnFailures, RunSummary lastExit,
                           String lastError, boolean persist, boolean adopted, Map<String, Long> exits,
                           double totalUserCpuSeconds, double totalSystemCpuSeconds, long outputDroppedBytes) {
        this(name, state, ready, pid, since, startedAt, restarts, spawnFailures, lastExit, lastError, persist,
                adopted, exits, totalUserCpuSeconds, totalSystemCpuSeconds, outputDroppedBytes, null);
    }

    /** This snapshot with another dropped-output counter (read live: it moves without a transition). */
    public ServiceSnapshot withOutputDroppedBytes(long bytes) {
        return new ServiceSnapshot(name, state, ready, pid, since, startedAt, restarts, spawnFailures, lastExit,
                lastError, persist, adopted, exits, totalUserCpuSeconds, totalSystemCpuSeconds, bytes, reason,
                waitingFor, health);
    }
}
