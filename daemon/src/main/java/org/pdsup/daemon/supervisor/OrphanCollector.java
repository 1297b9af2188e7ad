package org.pdsup.daemon.supervisor;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.pdsup.procdesc.ProcessDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaps orphaned descendants (pdsupd is their reaper) on a thread of its own: a reap waits for the spawns in
 * flight, which the supervisor thread must not do. Asked on SIGCHLD and after every exit the supervisor
 * collects, because an orphan's zombie can stand behind a service's until that one is collected
 * ({@link ProcessDescriptors#reapOrphans()}). Requests coalesce: one reap runs, at most one more is queued, and a
 * reap starts at least {@link #MIN_INTERVAL_NANOS} after the previous one began. Each reap's peek walks every
 * child in the kernel, and a start of N services asks once per spawn: N × N at 10,000 services (1.9 s of this
 * thread's CPU, docs/benchmarks.md, "Round two, final"). Spaced, an orphan's zombie waits at most that interval.
 *
 * <p>A request first peeks, on the caller's thread ({@link ProcessDescriptors#exitedChildWaiting()}: one
 * lock-free {@code waitid} that reaps nothing): when no child waits to be reaped, the usual case once the
 * exit watcher has collected a service's exit, nothing is queued and this thread is not woken. A restart then
 * wakes no thread besides the ones that restart it (docs/benchmarks.md, "The restart's wake-ups"). A child that
 * exits after the peek raises SIGCHLD again, and that request peeks again.
 */
final class OrphanCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanCollector.class);
    /** The shortest time between the starts of two reaps. */
    static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ProcessDescriptors procdesc;
    private final AtomicBoolean queued = new AtomicBoolean();
    /** System.nanoTime() when the last reap began; written by the reaper thread. */
    private volatile long lastStart = System.nanoTime() - MIN_INTERVAL_NANOS;
    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "pdsupd-reaper");
        t.setDaemon(true);
        return t;
    });

    OrphanCollector(ProcessDescriptors procdesc) {
        this.procdesc = procdesc;
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Any thread: reap what can be reaped, soon (at once, or when the interval since the last reap is over). */
    void request() {
        if (queued.get() || !childWaiting()) return;
        if (!queued.compareAndSet(false, true)) return;
        long wait = lastStart + MIN_INTERVAL_NANOS - System.nanoTime();
        try {
            thread.schedule(this::reap, Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            queued.set(false); // closed: the daemon is exiting
        }
    }

    /** The peek; when it fails, the reap is asked for anyway (and reports what failed). */
    private boolean childWaiting() {
        try {
            return procdesc.exitedChildWaiting();
        } catch (RuntimeException e) {
            return true;
        }
    }

    private void reap() {
        lastStart = System.nanoTime(); // first: a request that sees queued false must see this start too
        queued.set(false); // a request from now on queues another reap, after this one
        try {
            int n = procdesc.reapOrphans();
            if (n > 0) LOG.debug("reaped {} orphaned processes", n);
        } catch (RuntimeException e) {
            LOG.warn("cannot reap orphaned processes: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
