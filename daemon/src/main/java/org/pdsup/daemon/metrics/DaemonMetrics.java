package org.pdsup.daemon.metrics;

import java.time.Duration;

/**
 * What the control server reports to metrics as it happens. The supervisor's reports come through
 * {@link org.pdsup.daemon.supervisor.SupervisorObserver}; everything else (per-service state, counters, CPU,
 * memory) is read from the published snapshot at scrape time.
 */
public interface DaemonMetrics {

    /** A control request finished: {@code op} as on the wire, {@code outcome} "ok" or the error code. */
    void controlRequest(String op, String outcome, Duration latency);

    /** For tests and for a daemon started with metrics disabled. */
    DaemonMetrics NONE = new DaemonMetrics() {
        @Override public void controlRequest(String op, String outcome, Duration latency) { }
    };
}
