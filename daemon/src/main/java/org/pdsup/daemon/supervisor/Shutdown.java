package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's shutdown, on the supervisor thread: every non-persistent service is stopped once no running
 * service still requires it or is ordered after it; after {@code pdsupd.shutdown-timeout} what still runs is killed. When only
 * persistent services remain they are written to the state file and detached, and the daemon exits.
 */
final class Shutdown {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final SupervisorLoop loop;
    private final ServiceTable table;
    private final ServiceMachine machine;
    private final ExitWatcher watcher;
    /** Rewrites the state file of persistent services. */
    private final Runnable savePersistent;
    private final Runnable exitDaemon;
    private final DependencyOrder dependencies;
    private CompletableFuture<Void> done;

    Shutdown(SupervisorLoop loop, ServiceTable table, ServiceMachine machine, ExitWatcher watcher,
             Runnable savePersistent, Runnable exitDaemon, DependencyOrder dependencies) {
        this.loop = loop;
        this.table = table;
        this.machine = machine;
        this.watcher = watcher;
        this.savePersistent = savePersistent;
        this.exitDaemon = exitDaemon;
        this.dependencies = dependencies;
    }

    boolean begun() {
        return done != null;
    }

    /** Begins the shutdown (once); {@code f} completes when it has finished. */
    void begin(Duration limit, CompletableFuture<Void> f) {
        loop.assertInLoop();
        if (done != null) {
            done.whenComplete((v, e) -> f.complete(null));
            return;
        }
        done = f;
        LOG.info("shutting down: stopping services in reverse dependency order");
        loop.schedule(limit, () -> killLeftovers(limit));
        for (Service s : table.all()) {
            machine.shutdown(s);
        }
        proceed();
    }

    private void killLeftovers(Duration limit) {
        if (done.isDone()) return;
        LOG.error("services still running {} after the shutdown began (pdsupd.shutdown-timeout); "
                + "killing them", Durations.format(limit));
        for (Service s : table.all()) {
            if (s.hasProcess() && !s.config.persist()) {
                LOG.error("{}: pid {} did not stop; SIGKILL", s.name, s.pid());
                try {
                    s.process.signal(Signal.KILL);
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
        }
        // Give the kernel a moment to report the exits, then leave regardless.
        loop.schedule(Duration.ofSeconds(2), this::abandonLeftovers);
    }

    private void abandonLeftovers() {
        if (done.isDone()) return;
        for (Service s : table.all()) {
            if (s.spawning != null) {
                LOG.error("{}: its spawn has not completed; giving up on it", s.name);
                s.spawning = null; // the landing closes what it brings
            }
            if (s.hasProcess() && !s.config.persist()) {
                watcher.unwatch(s.process);
                s.process.close();
                s.process = null;
            }
        }
        proceed();
    }

    /**
     * Stops every service no running service still requires; finishes when only persistent ones remain. A spawn
     * in flight is waited for: its landing stops a non-persistent service and leaves a persistent one running.
     */
    void proceed() {
        if (done.isDone()) return; // finished already: persistent services are detached, the file written
        boolean waiting = false;
        for (Service s : table.all()) {
            if (s.spawning != null) {
                waiting = true;
                continue;
            }
            if (!s.hasProcess() || s.config.persist()) continue;
            waiting = true;
            if (s.state() == ServiceState.STOPPING) continue;
            boolean needed = neededBy(dependencies.dependents(s.name)) || neededBy(dependencies.orderedAfter(s.name));
            if (!needed) machine.stop(s, "pdsupd is shutting down", null);
        }
        if (waiting) return;
        finish();
    }

    /** A service in {@code dependents} still runs (or spawns), so what it requires or starts after must wait. */
    private boolean neededBy(java.util.List<Service> dependents) {
        for (Service d : dependents) {
            if (table.get(d.name) == d && d.active() && !d.config.persist()) return true;
        }
        return false;
    }

    private void finish() {
        for (Service s : table.all()) {
            if (s.config.persist() && s.hasProcess()) {
                LOG.info("{}: persistent, left running as pid {}", s.name, s.pid());
            }
        }
        savePersistent.run();
        for (Service s : table.all()) {
            if (s.config.persist()) machine.detach(s);
        }
        LOG.info("all services stopped");
        done.complete(null);
        exitDaemon.run();
    }
}
