package org.pdsup.daemon.output;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bound on output held in memory across all services ({@code totalBufferBytes}): bytes read from pipes
 * and not yet written, plus what readers have reserved for the read they are about to make. A reservation
 * that does not fit is refused, never waited for; a queue whose reader was refused can ask to be told
 * ({@link #notifyWhenRoom}) once a quarter of the budget is free again.
 */
final class MemoryBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong highWater = new AtomicLong();
    private final Set<ServiceQueue> waiting = new LinkedHashSet<>();
    private volatile boolean anyWaiting;

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
        long now = used.addAndGet(-bytes);
        if (anyWaiting && now <= limit - limit / 4) wakeWaiting();
    }

    /** {@code queue}'s reader was refused: call {@link ServiceQueue#budgetFreed} once there is room again. */
    void notifyWhenRoom(ServiceQueue queue) {
        synchronized (waiting) {
            waiting.add(queue);
            anyWaiting = true;
        }
        // released meanwhile: do not wait for a release that already happened
        if (used.get() <= limit - limit / 4) wakeWaiting();
    }

    private void wakeWaiting() {
        List<ServiceQueue> wake;
        synchronized (waiting) {
            if (waiting.isEmpty()) return;
            wake = new ArrayList<>(waiting);
            waiting.clear();
            anyWaiting = false;
        }
        for (ServiceQueue q : wake) q.budgetFreed();
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
