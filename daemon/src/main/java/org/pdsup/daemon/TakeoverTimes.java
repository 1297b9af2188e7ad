package org.pdsup.daemon;

import java.time.Duration;
import java.time.Instant;

/**
 * Live re-exec, in the new program: when {@code main()} began and how long its steps before {@link Pdsupd} took,
 * for the "re-exec complete" log line (docs/benchmarks.md, "Live re-exec").
 *
 * @param mainStarted   when {@code main()} began
 * @param configMillis  loading the configuration
 * @param read          the handover's reading, decoding and taking of process descriptors (on its own thread,
 *                      beside the configuration)
 */
record TakeoverTimes(Instant mainStarted, long configMillis, org.pdsup.daemon.reexec.HandoverRead read) {
    /** Milliseconds from the previous program's capture of the state to {@code main()}: its last steps, the
     * exec and the JVM's start. */
    long execMillis(Instant handedOver) {
        return Duration.between(handedOver, mainStarted).toMillis();
    }
}
