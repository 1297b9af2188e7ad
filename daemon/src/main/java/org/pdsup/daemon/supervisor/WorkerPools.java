package org.pdsup.daemon.supervisor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The supervisor's blocking work, off its thread, one named pool per job so that a thread dump says what each
 * thread is for and one job cannot queue behind another: readiness probes, liveness checks (a TCP connect, an
 * HTTP GET, a command), reloads (one at a time: read and check the files, prepare and apply), log reopening.
 */
final class WorkerPools implements AutoCloseable {
    final ExecutorService readinessProbes = cached("pdsupd-readiness-probe");
    final ExecutorService healthChecks = cached("pdsupd-health-check");
    final ExecutorService logReopening = cached("pdsupd-log-reopen");
    /** Reloads, one at a time (SIGHUP and pdctl reload may overlap); its thread ends when idle. */
    final ExecutorService reloading = oneAtATime("pdsupd-reload");

    private static ExecutorService oneAtATime(String name) {
        java.util.concurrent.ThreadPoolExecutor e = new java.util.concurrent.ThreadPoolExecutor(1, 1, 30,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    private static ExecutorService cached(String name) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        readinessProbes.shutdownNow();
        healthChecks.shutdownNow();
        logReopening.shutdownNow();
        reloading.shutdownNow();
    }
}
