package org.pdsup.daemon.output;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bound on output held in memory across all services ({@code totalBufferBytes}): bytes read from pipes
 * and not yet written. A reservation that does not fit is refused, never waited for.
 */
final class MemoryBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong highWater = new AtomicLong();

    MemoryBudget(long limit) {
        if (limit < 1) throw new IllegalArgumentException("total output buffer must be >= 1 byte, not " + limit);
        this.limit = limit;
    }

    /** Takes {@code bytes} if they fit under the limit; false (nothing taken) otherwise. */
    boolean tryReserve(long bytes) {
        while (true) {
            long u = used.get();
            long next = u + bytes;
            if (next > limit) return false;
            if (used.compareAndSet(u, next)) {
                highWater.accumulateAndGet(next, Math::max);
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }

    /** The most ever reserved at once. */
    long highWater() {
        return highWater.get();
    }
}
