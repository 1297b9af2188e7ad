package org.pdsup.daemon.supervisor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.pdsup.procdesc.ProcessDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaps orphaned descendants (pdsupd is their reaper) on a thread of its own: a reap waits for the spawns in
 * flight, which the supervisor thread must not do. Asked on SIGCHLD and after every exit the supervisor
 * collects, because an orphan's zombie can stand behind a service's until that one is collected
 * ({@link ProcessDescriptors#reapOrphans()}). Requests coalesce: one reap runs, at most one more is queued.
 */
final class OrphanCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanCollector.class);

    private final ProcessDescriptors procdesc;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pdsupd-reaper");
        t.setDaemon(true);
        return t;
    });

    OrphanCollector(ProcessDescriptors procdesc) {
        this.procdesc = procdesc;
    }

    /** Any thread: reap what can be reaped, soon. */
    void request() {
        if (!queued.compareAndSet(false, true)) return;
        try {
            thread.execute(() -> {
                queued.set(false);
                try {
                    int n = procdesc.reapOrphans();
                    if (n > 0) LOG.debug("reaped {} orphaned processes", n);
                } catch (RuntimeException e) {
                    LOG.warn("cannot reap orphaned processes: {}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            queued.set(false); // closed: the daemon is exiting
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
