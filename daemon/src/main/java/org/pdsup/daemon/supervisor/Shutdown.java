package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** Who lists each name in its {@code requires}; built when the shutdown begins. */
    private final Map<String, List<Service>> requiredBy = new HashMap<>();
    /** Services that kept the shutdown from finishing when last examined. */
    private final Set<Service> blocking = new LinkedHashSet<>();
    /** While {@link #begin} tells every service to shut down. */
    private boolean starting;

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
            for (String r : s.config.requires()) requiredBy.computeIfAbsent(r, k -> new ArrayList<>()).add(s);
        }
        starting = true; // a service settling at once is seen by the full pass below
        try {
            for (Service s : table.all()) {
                machine.shutdown(s);
            }
        } finally {
            starting = false;
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
        for (Service s : table.all()) examine(s);
        finishWhenNothingBlocks();
    }

    /** {@code settled} has settled: it and what it requires may now be stopped, or the shutdown may finish. */
    void proceed(Service settled) {
        if (done.isDone() || starting) return;
        examine(settled);
        for (String r : settled.config.requires()) {
            Service required = table.get(r);
            if (required != null) examine(required);
        }
        for (String r : settled.config.after()) {
            Service before = table.get(r);
            if (before != null) examine(before);
        }
        finishWhenNothingBlocks();
    }

    private static boolean blocks(Service s) {
        return s.spawning != null || (s.hasProcess() && !s.config.persist());
    }

    /** Records whether {@code s} blocks the end, and stops it once no running service requires it. */
    private void examine(Service s) {
        if (!blocks(s)) {
            blocking.remove(s);
            return;
        }
        blocking.add(s);
        if (s.spawning != null || s.state() == ServiceState.STOPPING) return;
        for (Service d : requiredBy.getOrDefault(s.name, List.of())) {
            if (d.active() && !d.config.persist()) return; // needed still
        }
        for (Service d : dependencies.orderedAfter(s.name)) { // started after it: stopped before it
            if (table.get(d.name) == d && d.active() && !d.config.persist()) return;
        }
        machine.stop(s, "pdsupd is shutting down", null);
    }

    private void finishWhenNothingBlocks() {
        if (done.isDone()) return; // finished by a settle while a stop was sent
        for (Iterator<Service> it = blocking.iterator(); it.hasNext(); ) {
            if (blocks(it.next())) break;
            it.remove();
        }
        if (!blocking.isEmpty()) return;
        // once, at the end: nothing may have escaped the settles
        List<Service> missed = new ArrayList<>();
        for (Service s : table.all()) {
            if (blocks(s)) missed.add(s);
        }
        if (!missed.isEmpty()) {
            for (Service s : missed) examine(s);
            return;
        }
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
