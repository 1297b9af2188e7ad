package org.pdsup.daemon.control;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes held for control clients, bounded: one for the whole server ({@code control.total-buffer}) and one
 * per connection ({@code control.connection-buffer}) whose reservations also count against the server's.
 * Thread-safe and lock-free: producers (supervisor thread, log delivery) reserve, the event loop releases.
 */
final class ByteBudget {
    private volatile long limit;
    private final ByteBudget parent;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong highWater = new AtomicLong();

    ByteBudget(long limit, ByteBudget parent) {
        this.limit = limit;
        this.parent = parent;
    }

    /** Takes {@code n} bytes if they fit here and in the parent; otherwise takes nothing. */
    boolean tryReserve(long n) {
        if (!take(n, false)) return false;
        if (parent != null && !parent.tryReserve(n)) {
            used.addAndGet(-n);
            return false;
        }
        return true;
    }

    /**
     * Takes {@code n} bytes if they fit here; counts them in the parent even past its limit (an admin's answer
     * is never refused for what readers hold, but still shows in the total).
     */
    boolean tryReserveOverParent(long n) {
        if (!take(n, false)) return false;
        if (parent != null) parent.take(n, true);
        return true;
    }

    /** Takes {@code n} bytes here and in the parent, whatever the limits (the first frame of an empty connection). */
    void force(long n) {
        take(n, true);
        if (parent != null) parent.take(n, true);
    }

    private boolean take(long n, boolean force) {
        while (true) {
            long u = used.get();
            long after = u + n;
            if (!force && after > limit) return false;
            if (used.compareAndSet(u, after)) {
                long h;
                while (after > (h = highWater.get()) && !highWater.compareAndSet(h, after)) { }
                return true;
            }
        }
    }

    void release(long n) {
        used.addAndGet(-n);
        if (parent != null) parent.release(n);
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }

    /** A reload changed the bound: reservations from now on count against {@code newLimit}. */
    void limit(long newLimit) {
        this.limit = newLimit;
    }

    /** The most ever held at once. */
    long highWater() {
        return highWater.get();
    }
}
