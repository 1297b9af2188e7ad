package org.pdsup.daemon.control;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.pdsup.daemon.metrics.DaemonMetrics;

/** Remembers every control request reported to metrics, as "op:outcome". */
final class RecordingMetrics implements DaemonMetrics {
    final Queue<String> requests = new ConcurrentLinkedQueue<>();

    @Override
    public void controlRequest(String op, String outcome, Duration latency) {
        if (latency.isNegative()) throw new AssertionError("negative latency for " + op);
        requests.add(op + ":" + outcome);
    }
}
