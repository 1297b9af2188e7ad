package org.pdsup.daemon.supervisor;

import java.time.Instant;

/**
 * One recorded transition of one service, kept in the bounded event ring and streamed by {@code events}.
 * {@code seq} increases by one per event, so a reader can tell when it missed some.
 */
public record SupervisorEvent(long seq, Instant time, String service, ServiceState from, ServiceState to,
                              String reason, int pid, RunSummary exit) {
}
