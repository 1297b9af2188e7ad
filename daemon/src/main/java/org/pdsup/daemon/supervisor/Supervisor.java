package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.pdsup.config.ConfigException;
import org.pdsup.config.PdsupConfig;
import org.pdsup.config.ServiceConfig;
import org.pdsup.daemon.output.Capture;
import org.pdsup.daemon.output.OutputCapture;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.SpawnSpec;
import org.pdsup.procdesc.stats.ProcessTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor: owns every {@link Service}, on {@link SupervisorLoop}'s thread, and is the daemon's core API.
 * Other threads never touch service state; they call here, which posts to the loop, and read the published
 * snapshot. Failures are the core's own: {@link UnknownServiceException}, {@link IllegalStateForOperation},
 * {@link ShuttingDownException}, a {@link java.util.concurrent.TimeoutException} for a wait.
 */
public final class Supervisor implements ServiceMachine.Host {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /** Where a reload reads the configuration from. */
    @FunctionalInterface
    public interface ConfigSource {
        PdsupConfig load() throws ConfigException;
    }

    private final SupervisorLoop loop;
    private final ProcessDescriptors procdesc;
    private final ExitWatcher watcher;
    private final Capture output;
    private final SupervisorObserver observer;
    private final ConfigSource configSource;
    private final String version;
    private final ServiceMachine machine;
    private final PersistentState persistentState;
    private final WorkerPools pools = new WorkerPools();
    private final SessionState sessions;
    private final RunLeftovers runLeftovers;
    private final Spawner spawner;
    private final OrphanCollector orphans;
    private final EventRing events;
    private final TransitionLog transitions;
    private final StateWaiters stateWaiters;
    private final ServiceTable services;
    private final Reload reload;
    private final Shutdown shutdown;
    private final PersistentAdoption adoption;
    private final SupervisorHandover handover;
    private final DependencyOrder dependencies = new DependencyOrder();
    private final RequiresCoupling coupling;
    private final HealthChecks health;

    private PdsupConfig config;
    private final ReloadSequence reloads;

    public Supervisor(PdsupConfig config, ConfigSource configSource, SupervisorLoop loop, ProcessDescriptors procdesc,
                      ExitWatcher watcher, Capture output, SupervisorObserver observer, String version,
                      Runnable exitDaemon) {
        this.config = config;
        this.configSource = configSource;
        this.loop = loop;
        this.procdesc = procdesc;
        this.watcher = watcher;
        this.output = output;
        this.observer = observer;
        this.version = version;
        this.machine = new ServiceMachine(this);
        this.spawner = new Spawner(procdesc, loop, Spawner.THREADS);
        this.orphans = new OrphanCollector(procdesc);
        this.persistentState = new PersistentState(config.daemon().stateDir());
        this.sessions = new SessionState(config.daemon().stateDir(), ProcessTable.system());
        this.runLeftovers = new RunLeftovers(sessions, procdesc, watcher);
        this.events = new EventRing(config.daemon().eventRingSize(), loop);
        this.transitions = new TransitionLog(events);
        this.stateWaiters = new StateWaiters(loop);
        List<Service> initial = new ArrayList<>();
        for (ServiceConfig sc : config.services().values()) initial.add(new Service(sc));
        this.services = new ServiceTable(loop, output, initial);
        this.dependencies.rebuild(initial);
        this.coupling = new RequiresCoupling(machine, services, dependencies);
        this.reload = new Reload(services, machine, this::forget);
        this.reloads = new ReloadSequence(config, configSource, next -> loop.call(() -> apply(next)));
        this.adoption = new PersistentAdoption(persistentState, procdesc, services, machine);
        this.shutdown = new Shutdown(loop, services, machine, watcher, this::persistentChanged, exitDaemon, dependencies);
        this.health = new HealthChecks(this, pools.healthChecks, transitions, services, machine);
        this.handover = new SupervisorHandover(spawner, services, machine, this, events, health, this::announceServiceSet);
    }

    /** Re-adopts persistent services left by an earlier pdsupd, then starts every autostart service. */
    public CompletableFuture<Void> boot() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.post(() -> {
            services.beginBatch();
            try {
                adoption.readopt();
                persistentChanged();
                coupling.autostart();
            } finally {
                services.publishAtEnd(); // autostart = false services must be visible too
                services.endBatch();
            }
            announceServiceSet();
            done.complete(null);
        });
        return done;
    }

    // ---- the API --------------------------------------------------------------------------------------

    /** The last published snapshot, with the dropped-output counters read now; any thread, no waiting. */
    public SupervisorSnapshot snapshot() {
        SupervisorSnapshot p = services.published();
        PublishedServices published = (PublishedServices) p.services();
        PublishedServices live = published.withOutputDroppedBytes(output::droppedBytes);
        return live == published ? p : new SupervisorSnapshot(p.takenAt(), live);
    }

    /** Starts the named services and what they require (clears {@code fatal}); completes when each has settled. */
    public CompletableFuture<List<ServiceSnapshot>> start(List<String> names) {
        return loop.call(() -> {
            rejectWhenShuttingDown();
            names.forEach(services::require);
            return coupling.start(names);
        }).thenCompose(Supervisor::allOf);
    }

    /** Stops them (stop signal, then SIGKILL after the timeout); completes when each is stopped. */
    public CompletableFuture<List<ServiceSnapshot>> stop(List<String> names) {
        return loop.call(() -> {
            List<CompletableFuture<ServiceSnapshot>> all = new ArrayList<>();
            for (String n : names) {
                CompletableFuture<ServiceSnapshot> f = new CompletableFuture<>();
                machine.stop(services.require(n), "stopped by operator", f);
                all.add(f);
            }
            return all;
        }).thenCompose(Supervisor::allOf);
    }

    /** Stops and starts them again at once (no backoff, not counted as a restart by policy). */
    public CompletableFuture<List<ServiceSnapshot>> restart(List<String> names) {
        return loop.call(() -> {
            rejectWhenShuttingDown();
            List<CompletableFuture<ServiceSnapshot>> all = new ArrayList<>();
            for (String n : names) {
                CompletableFuture<ServiceSnapshot> f = new CompletableFuture<>();
                machine.restart(services.require(n), f);
                all.add(f);
            }
            return all;
        }).thenCompose(Supervisor::allOf);
    }

    /** Sends {@code signal} through the service's descriptor. */
    public CompletableFuture<ServiceSnapshot> signal(String name, Signal signal) {
        return loop.call(() -> {
            Service s = services.require(name);
            machine.signal(s, signal);
            return services.snapshotOf(s);
        });
    }

    /** Sends each its {@code reload-signal} (a forking service's daemon) if all can take it, else none. */
    public CompletableFuture<List<ServiceSnapshot>> reload(List<String> names) {
        return loop.call(() -> {
            List<Service> targets = names.stream().map(services::require).toList();
            targets.forEach(ReloadSignal::check); // all or none
            targets.forEach(machine::reload);
            return targets.stream().map(services::snapshotOf).toList();
        });
    }

    /**
     * Re-reads the configuration and applies the difference, services and {@code pdsupd { }} block alike, or
     * nothing: a broken file, a changed key that needs a restart or a
     * part of the block the adapters cannot take ({@link DaemonBlockApplier}) refuses the whole reload.
     */
    public CompletableFuture<ReloadOutcome> reload() {
        return CompletableFuture.supplyAsync(reloads::run, pools.reloading)
                .whenComplete((outcome, err) -> announceReload(outcome != null && outcome.applied()));
    }

    /** Who applies the adapters' part of {@code pdsupd { }} at a reload; set before the control socket opens. */
    public void daemonBlockApplier(DaemonBlockApplier applier) {
        reloads.daemonBlockApplier(applier);
    }

    /** Tells the observer the outcome of a reload, applied or refused, on the thread that finished it. */
    private void announceReload(boolean applied) {
        try {
            observer.reloaded(applied, Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("reload observer failed", e);
        }
    }

    private ReloadOutcome apply(PdsupConfig next) {
        rejectWhenShuttingDown();
        ReloadOutcome outcome;
        config = next;
        events.resize(next.daemon().eventRingSize());
        services.beginBatch();
        try {
            outcome = health.reloaded(reload.apply(next), services.all());
            dependencies.rebuild(services.all());
        } finally {
            services.publishAtEnd(); // the new service set, even when no state changed
            services.endBatch();
        }
        announceServiceSet();
        LOG.info("reload applied: added {}, removed {}, restarted {}, updated in place {}, unchanged {}",
                outcome.added(), outcome.removed(), outcome.restarted(), outcome.updated(), outcome.unchanged().size());
        return outcome;
    }

    private void forget(Service s) {
        HeldSockets.closeIfIdle(s, "removed from the configuration");
        if (services.get(s.name) == s && s.removed && !s.active() && services.remove(s)) {
            output.forget(s.name);
            services.publish();
            announceServiceSet();
        }
    }

    /** Completes when {@code name} is in one of {@code states}, or with a timeout after {@code timeout}. */
    public CompletableFuture<ServiceSnapshot> waitFor(String name, Set<ServiceState> states, Duration timeout) {
        CompletableFuture<ServiceSnapshot> f = new CompletableFuture<>();
        loop.post(() -> {
            Service s = services.get(name);
            if (s == null) {
                f.completeExceptionally(services.unknown(name));
            } else if (states.contains(s.state())) {
                f.complete(services.snapshotOf(s));
            } else {
                stateWaiters.add(s, states, timeout, f);
            }
        });
        return f;
    }

    /**
     * Streams events: first the ring's history (when {@code history}), then live ones, to {@code sink}, which
     * runs on the supervisor thread and must not block. Close the subscription to stop.
     */
    public AutoCloseable subscribe(Predicate<String> serviceFilter, boolean history, Consumer<SupervisorEvent> sink) {
        CompletableFuture<AutoCloseable> sub = new CompletableFuture<>();
        loop.post(() -> sub.complete(events.subscribe(serviceFilter, history, sink)));
        return () -> sub.thenAccept(c -> {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a subscription cannot fail
            }
        });
    }

    /** What {@code show} adds to the snapshot: configuration, log directory, descriptor, who requires it. */
    public CompletableFuture<ServiceDetails> details(String name) {
        return loop.call(() -> {
            Service s = services.require(name);
            return new ServiceDetails(s.config, config.daemon().logDir(), s.process == null ? -1 : s.process.fd(),
                    s.process != null && s.process.isDaemon(), coupling.requiredBy(s));
        });
    }

    /** The ring's events matching {@code serviceFilter}, oldest first. */
    public CompletableFuture<List<SupervisorEvent>> history(Predicate<String> serviceFilter) {
        return loop.call(() -> events.history().stream().filter(e -> serviceFilter.test(e.service())).toList());
    }

    /** Reopens every service log file, as SIGUSR1 does (after newsyslog moved them away). */
    public CompletableFuture<Void> reopenLogs() {
        return CompletableFuture.runAsync(output::reopenAll, pools.logReopening);
    }

    /** {@code pdctl logs}: the last {@code lines} lines of a configured service's output, then new ones. */
    public AutoCloseable tailOutput(String service, int lines, boolean follow, org.pdsup.daemon.output.LineFilter filter,
                                    OutputCapture.LogSink sink) throws IOException {
        if (!services.published().services().containsKey(service)) throw services.unknown(service);
        return output.tail(service, lines, follow, filter, sink);
    }

    /** Stops every non-persistent service in reverse dependency order, then exits the daemon. */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        loop.post(() -> shutdown.begin(config.daemon().shutdownTimeout(), f));
        return f;
    }

    /** Version line: pdsupd version, Java version, procdesc backend. */
    public String version() { return version; }

    /** The record of non-persistent services' processes, their groups and sessions (issue 15 defect 4). */
    public SessionState sessions() {
        return sessions;
    }

    /** SIGCHLD (any thread): reap orphaned descendants, off the supervisor thread. */
    public void collectOrphans() { orphans.request(); }

    /** Any thread: completes once no spawn is in flight (after the boot: once its spawns have landed). */
    public CompletableFuture<Void> spawnsIdle() { return spawner.whenIdle(); }

    // ---- ServiceMachine.Host -------------------------------------------------------------------------

    @Override public SupervisorLoop loop() { return loop; }
    public SupervisorHandover handover() { return handover; } // live re-exec: see SupervisorHandover
    @Override public ProcessDescriptors procdesc() { return procdesc; }
    @Override public ExitWatcher watcher() { return watcher; }
    @Override public void spawn(SpawnSpec spec, Spawner.Landing landing) { spawner.submit(spec, landing); }
    @Override public Capture output() { return output; }
    @Override public java.util.concurrent.ExecutorService probes() { return pools.readinessProbes; }
    @Override public SupervisorObserver observer() { return observer; }
    @Override public Path logDir() { return config.daemon().logDir(); }

    @Override
    public void transitioned(Service svc, ServiceState from, ServiceState to, String reason, RunSummary exit) {
        transitions.record(svc, from, to, reason, exit);
        if (svc.process != null && !svc.config.persist()) sessions.track(svc.name, svc.process);
        runLeftovers.transitioned(svc, exit);
        health.transitioned(svc, to);
        services.changed(svc);
        if (!shutdown.begun()) coupling.transitioned(svc, to);
        stateWaiters.entered(svc, to, () -> services.snapshotOf(svc));
    }

    @Override
    public List<String> unmetRequirements(Service svc) {
        return DependencyOrder.unmet(svc, services.byName());
    }

    @Override public String describeUnmet(List<String> unmet) { return DependencyOrder.describe(unmet, services.byName()); }

    @Override
    public void persistentChanged() {
        List<PersistentState.Entry> entries = new ArrayList<>();
        for (Service s : services.all()) {
            if (s.config.persist() && s.hasProcess()) {
                entries.add(new PersistentState.Entry(s.name, s.pid(), s.process.startTime()));
            }
        }
        persistentState.save(entries);
    }

    @Override
    public void serviceSettled(Service svc) {
        if (shutdown.begun()) {
            shutdown.proceed(svc);
            return;
        }
        coupling.settled(svc);
    }

    @Override public void exitCollected() { orphans.request(); }

    // ---- helpers ------------------------------------------------------------------------------------

    private static CompletableFuture<List<ServiceSnapshot>> allOf(List<CompletableFuture<ServiceSnapshot>> fs) {
        return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new))
                .thenApply(v -> fs.stream().map(CompletableFuture::join).toList());
    }

    private void rejectWhenShuttingDown() {
        if (shutdown.begun()) throw new ShuttingDownException();
    }

    private void announceServiceSet() {
        try {
            observer.servicesChanged(services.names());
        } catch (RuntimeException e) {
            LOG.warn("service-set observer failed", e);
        }
    }

    /** Releases the worker, spawner and reaper threads, and the held listening sockets. */
    public void close() {
        for (Service s : services.all()) HeldSockets.release(s);
        pools.close();
        runLeftovers.close();
        spawner.close();
        orphans.close();
        sessions.close();
    }
}
