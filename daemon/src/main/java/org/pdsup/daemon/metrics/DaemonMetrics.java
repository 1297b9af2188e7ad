package org.pdsup.daemon.metrics;

import java.time.Duration;

/**
 * What the supervisor and the control server report to metrics as it happens. Everything else (per-service
 * state, counters, CPU, memory) is read from the published snapshot at scrape time.
 */
public interface DaemonMetrics {

    /** A spawn took {@code duration}, from the request to the descriptor (or the failure). */
    void spawnTook(Duration duration);

    /** A control request finished: {@code op} as on the wire, {@code outcome} "ok" or the error code. */
    void controlRequest(String op, String outcome, Duration latency);

    /** For tests and for a daemon started with metrics disabled. */
    DaemonMetrics NONE = new DaemonMetrics() {
        @Override public void spawnTook(Duration duration) { }
        @Override public void controlRequest(String op, String outcome, Duration latency) { }
    };
}
