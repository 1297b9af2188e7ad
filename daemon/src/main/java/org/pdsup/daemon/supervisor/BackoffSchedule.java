package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import org.pdsup.config.Backoff;

/**
 * The restart delay of one service: {@code initial × multiplier^attempt}, capped at {@code max}, spread by
 * ±{@code jitter}, and back to {@code initial} after a run that lasted {@code reset-after}.
 * This is the one place to change how restart backoff behaves.
 */
public final class BackoffSchedule {
    private final DoubleSupplier random;
    private Backoff policy;
    private int attempt;

    public BackoffSchedule(Backoff policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /** Takes a new policy (reload); the attempt count is kept. */
    public void update(Backoff newPolicy) {
        this.policy = newPolicy;
    }

    /** A run ended after {@code runLength}: a healthy run resets the sequence. */
    public void runEnded(Duration runLength) {
        if (runLength != null && runLength.compareTo(policy.resetAfter()) >= 0) {
            attempt = 0;
        }
    }

    /** The delay before the next start, advancing the sequence. */
    public Duration nextDelay() {
        double base = policy.initial().toNanos() * Math.pow(policy.multiplier(), attempt);
        double capped = Math.min(base, (double) policy.max().toNanos());
        double spread = policy.jitter() == 0 ? 1.0 : 1.0 + policy.jitter() * (2 * random.getAsDouble() - 1);
        attempt++;
        return Duration.ofNanos((long) Math.max(0, Math.min(capped * spread, (double) policy.max().toNanos())));
    }

    /** An operator start: begin again from {@code initial}. */
    public void reset() {
        attempt = 0;
    }

    /** Live re-exec: the position handed over by the previous program. */
    public void restoreAttempt(int n) {
        attempt = Math.max(0, n);
    }

    public int attempt() {
        return attempt;
    }
}
