package org.pdsup.daemon.supervisor;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.pdsup.config.ServiceType;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.stats.ProcessTable;

/**
 * Nothing a run leaves behind survives it: once the process of a non-persistent {@code simple} service has
 * exited (stopped, restarted, removed by a reload, or crashed), what is still alive of the session (or process
 * group) it led gets SIGTERM, then SIGKILL after {@link LeftoverCleanup#GRACE} — the same rules as the clean-up
 * after a crashed pdsupd (a reused id, pdsupd's own group and processes older than the run are never touched).
 * Without it a service whose children outlive it ({@code sh -c 'worker & exec main'}) gains a second session
 * at every restart. Not for {@code forking} services (their daemon is meant to outlive the spawned process) nor
 * {@code oneshot} ones (a setup step may start something on purpose), nor persistent ones. One thread, off the
 * supervisor's: a clean-up waits up to the grace period (the probe whether anything is left is the
 * supervisor's own: one system call).
 */
final class RunLeftovers implements AutoCloseable {
    private final LeftoverCleanup cleanup;
    private final ProcessTable table = ProcessTable.system();
    private final SessionState sessions;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pdsupd-leftovers");
        t.setDaemon(true);
        return t;
    });

    RunLeftovers(SessionState sessions, ProcessDescriptors procdesc, ExitWatcher watcher) {
        this.sessions = sessions;
        this.cleanup = new LeftoverCleanup(table, procdesc, watcher);
    }

    /** Supervisor thread: {@code svc} changed state; {@code exit} is the run that ended with it, if any. */
    void transitioned(Service svc, RunSummary exit) {
        if (exit == null || svc.config.persist() || svc.config.type() != ServiceType.SIMPLE) return;
        SessionState.Entry e = sessions.entry(svc.name);
        if (e == null || e.pid() != exit.pid() || (e.sid() != e.pid() && e.pgid() != e.pid())) return;
        // most runs leave nothing: one kill(-pgid, 0) says so without scanning the process table (a crash-loop
        // storm ends hundreds of runs a second); members of the session that left the group are then not looked
        // for. The probe is one system call, made here: the worker is woken only for a run that left something,
        // not beside every restart (docs/benchmarks.md, "The restart's wake-ups")
        int group = e.pgid() > 0 ? e.pgid() : e.pid();
        if (table.groupHasMembers(group)) worker.execute(() -> cleanup.run(List.of(e), "behind when it exited"));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
