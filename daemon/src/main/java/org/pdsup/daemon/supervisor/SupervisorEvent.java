package org.pdsup.daemon.supervisor;

import java.time.Instant;

/**
 * One recorded transition of one service, kept in the bounded event ring and streamed by {@code events}.
 * {@code seq} increases by one per event, so a reader can tell when it missed some. An event of the liveness
 * check ({@code health}) keeps the state ({@code from} = {@code to} = running) and has {@code health} set to the
 * check's verdict ("starting", "healthy", "unhealthy"); every other event has {@code health} null.
 */
public record SupervisorEvent(long seq, Instant time, String service, ServiceState from, ServiceState to,
                              String reason, int pid, RunSummary exit, String health) {

    /** A transition (no liveness-check verdict). */
    public SupervisorEvent(long seq, Instant time, String service, ServiceState from, ServiceState to, String reason,
                           int pid, RunSummary exit) {
        this(seq, time, service, from, to, reason, pid, exit, null);
    }
}
