package org.pdsup.daemon.supervisor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The supervisor's blocking work, off its thread, one named pool per job so that a thread dump says what each
 * thread is for and one job cannot queue behind another: readiness probes and liveness checks (a TCP connect, an HTTP GET, a command),
 * configuration loading (reload reads and checks files), log reopening.
 */
final class WorkerPools implements AutoCloseable {
    final ExecutorService readinessProbes = cached("pdsupd-readiness-probe");
    final ExecutorService healthChecks = cached("pdsupd-health-check");
    final ExecutorService configLoading = cached("pdsupd-config-load");
    final ExecutorService logReopening = cached("pdsupd-log-reopen");

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
        configLoading.shutdownNow();
        logReopening.shutdownNow();
    }
}
