package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.pdsup.daemon.output.HandedOverStream;

/**
 * Everything a live re-exec hands to the next program of this process: the event sequence and ring, and per
 * service its phase, counters, backoff position, start-limit window, pending timer, and its process (descriptor
 * number, output pipes). The byte format is {@code daemon/reexec/HandoverCodec}'s (docs/architecture.md).
 *
 * @param nextEventSeq the sequence number of the next event
 */
public record HandoverState(Instant takenAt, long nextEventSeq, List<SupervisorEvent> events,
                            List<ServiceRecord> services) {

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
                                List<Instant> startLimitWindow, long timerNanos) {
    }

    /** A service's process, held through descriptor {@code fd} (open across the exec). */
    public record ProcessRecord(int pid, int fd, boolean daemon, boolean adopted, Instant startTime, boolean ready,
                                Instant runStartedAt, List<HandedOverStream> output) {
    }

    /** Every descriptor the next program needs open. */
    public java.util.SortedSet<Integer> descriptors() {
        java.util.SortedSet<Integer> fds = new java.util.TreeSet<>();
        for (ServiceRecord s : services) {
            if (s.process() == null) continue;
            fds.add(s.process().fd());
            for (HandedOverStream o : s.process().output()) fds.add(o.fd());
        }
        return fds;
    }
}
