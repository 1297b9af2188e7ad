package org.pdsup.daemon.supervisor.probe;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one {@link Probe#run()}.
 *
 * @param passed   the check passed
 * @param detail   what happened, naming the target: "tcp 127.0.0.1:8080: connection refused"
 * @param at       when the check started
 * @param took     how long it took
 */
public record ProbeResult(boolean passed, String detail, Instant at, Duration took) {

    static ProbeResult of(boolean passed, String detail, Instant at, long startNanos) {
        return new ProbeResult(passed, detail, at, Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
