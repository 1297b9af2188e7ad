package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.pdsup.daemon.output.HandedOverStream;

/**
 * Everything a live re-exec hands to the next program of this process: the event sequence and ring, and per
 * service its phase, counters, backoff position, start-limit window, pending timer, health-check counters, held
 * listening sockets (descriptor numbers), and its process (descriptor number, output pipes). The byte format is
 * {@code daemon/reexec/HandoverCodec}'s (docs/architecture.md).
 *
 * @param nextEventSeq the sequence number of the next event
 */
public record HandoverState(Instant takenAt, long nextEventSeq, List<SupervisorEvent> events,
                            List<ServiceRecord> services, List<ListenerRecord> listeners) {

    /** Without listeners of pdsupd's own (format version 1; the supervisor's capture). */
    public HandoverState(Instant takenAt, long nextEventSeq, List<SupervisorEvent> events,
                         List<ServiceRecord> services) {
        this(takenAt, nextEventSeq, events, services, List.of());
    }

    /** The same state with pdsupd's own listeners besides the control socket (added by the adapters). */
    public HandoverState withListeners(List<ListenerRecord> l) {
        return new HandoverState(takenAt, nextEventSeq, events, services, List.copyOf(l));
    }

    /**
     * A listening socket of pdsupd's own, open across the exec, that the next program serves without binding
     * again.
     *
     * @param role    what it is for ({@code metrics})
     * @param address where it is bound, as configured ({@code 127.0.0.1:9100})
     */
    public record ListenerRecord(String role, String address, int fd) {
    }

    /**
     * One service.
     *
     * @param phase        a {@link Transitions.Phase} name
     * @param spawnPending its spawn was asked but not begun: the next program spawns it
     * @param timerNanos   what was left of its backoff or stop timeout, or -1
     */
    public record ServiceRecord(String name, String phase, String reason, Instant since, boolean wanted,
                                ProcessRecord process, boolean spawnPending, long restarts, long spawnFailures,
                                Map<String, Long> exits, double userCpuSeconds, double systemCpuSeconds,
                                RunSummary lastExit, String lastError, int backoffAttempt,
                                List<Instant> startLimitWindow, long timerNanos, List<HeldSocketRecord> sockets,
                                HealthRecord health) {
        /** Without held sockets or health counters (format version 1, and the re-exec's probe). */
        public ServiceRecord(String name, String phase, String reason, Instant since, boolean wanted,
                             ProcessRecord process, boolean spawnPending, long restarts, long spawnFailures,
                             Map<String, Long> exits, double userCpuSeconds, double systemCpuSeconds,
                             RunSummary lastExit, String lastError, int backoffAttempt,
                             List<Instant> startLimitWindow, long timerNanos) {
            this(name, phase, reason, since, wanted, process, spawnPending, restarts, spawnFailures, exits,
                    userCpuSeconds, systemCpuSeconds, lastExit, lastError, backoffAttempt, startLimitWindow,
                    timerNanos, List.of(), null);
        }
    }

    /**
     * One listening socket pdsupd holds for a service ({@code sockets = [...]}), open across the exec.
     *
     * @param listen the configured {@code listen} value it was opened for (a socket whose configuration changed
     *               since is closed by the next program and opened afresh)
     */
    public record HeldSocketRecord(String listen, int fd) {
    }

    /**
     * A service's liveness-check counters (kept across runs).
     *
     * @param state a {@link HealthState} name
     */
    public record HealthRecord(String state, int consecutiveFailures, long checks, long failures) {
    }

    /** A service's process, held through descriptor {@code fd} (open across the exec). */
    public record ProcessRecord(int pid, int fd, boolean daemon, boolean adopted, Instant startTime, boolean ready,
                                Instant runStartedAt, List<HandedOverStream> output) {
    }

    /** Every descriptor the next program needs open. */
    public java.util.SortedSet<Integer> descriptors() {
        java.util.SortedSet<Integer> fds = new java.util.TreeSet<>();
        for (ListenerRecord l : listeners) fds.add(l.fd());
        for (ServiceRecord s : services) {
            for (HeldSocketRecord h : s.sockets()) fds.add(h.fd());
            if (s.process() == null) continue;
            fds.add(s.process().fd());
            for (HandedOverStream o : s.process().output()) fds.add(o.fd());
        }
        return fds;
    }
}
