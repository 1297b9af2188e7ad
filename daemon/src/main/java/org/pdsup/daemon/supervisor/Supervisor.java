package org.pdsup.daemon.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.pdsup.config.ConfigException;
import org.pdsup.config.PdsupConfig;
import org.pdsup.config.ServiceConfig;
import org.pdsup.config.ServiceType;
import org.pdsup.daemon.control.ControlBackend;
import org.pdsup.daemon.control.ControlException;
import org.pdsup.daemon.metrics.DaemonMetrics;
import org.pdsup.daemon.output.OutputCapture;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor: owns every {@link Service}, on {@link SupervisorLoop}'s thread, and answers the control
 * server. Other threads never touch service state; they post to the loop and read the published snapshot.
 */
public final class Supervisor implements ControlBackend, ServiceMachine.Host {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /** Where a reload reads the configuration from. */
    @FunctionalInterface
    public interface ConfigSource {
        PdsupConfig load() throws ConfigException;
    }

    private final SupervisorLoop loop;
    private final ProcessDescriptors procdesc;
    private final ExitWatcher watcher;
    private final OutputCapture output;
    private final DaemonMetrics metrics;
    private final ConfigSource configSource;
    private final String version;
    private final ServiceMachine machine;
    private final PersistentState persistentState;
    private final AdoptionGuard adoptionGuard = new AdoptionGuard(org.pdsup.procdesc.stats.ProcessTable.system());
    private final SessionState sessions;
    private final ExecutorService probes;
    private final Spawner spawner;
    private final OrphanCollector orphans;
    private final EventRing events;
    private final Runnable exitDaemon;
    private final List<Consumer<Set<String>>> serviceSetListeners = new ArrayList<>();
    private final List<ReloadListener> reloadListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private PdsupConfig config;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final List<StateWaiter> stateWaiters = new ArrayList<>();
    private volatile SupervisorSnapshot published = new SupervisorSnapshot(Instant.now(), PublishedServices.EMPTY);
    /** Positions of the current service set in published snapshots; null after the set changed. */
    private PublishedServices.Index publishedIndex;
    private int batch;
    private boolean dirty;
    private boolean shuttingDown;
    private CompletableFuture<Void> shutdownDone;

    private record StateWaiter(String service, Set<ServiceState> states, CompletableFuture<ServiceSnapshot> future,
                               java.util.concurrent.ScheduledFuture<?> timeout) {}

    public Supervisor(PdsupConfig config, ConfigSource configSource, SupervisorLoop loop, ProcessDescriptors procdesc,
                      ExitWatcher watcher, OutputCapture output, DaemonMetrics metrics, String version,
                      Runnable exitDaemon) {
        this.config = config;
        this.configSource = configSource;
        this.loop = loop;
        this.procdesc = procdesc;
        this.watcher = watcher;
        this.output = output;
        this.metrics = metrics;
        this.version = version;
        this.exitDaemon = exitDaemon;
        this.machine = new ServiceMachine(this);
        this.spawner = new Spawner(procdesc, loop, Spawner.THREADS);
        this.orphans = new OrphanCollector(procdesc);
        this.persistentState = new PersistentState(config.daemon().stateDir());
        this.sessions = new SessionState(config.daemon().stateDir(), org.pdsup.procdesc.stats.ProcessTable.system(),
                loop::post);
        this.events = new EventRing(config.daemon().eventRingSize());
        this.probes = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pdsupd-readiness-probe");
            t.setDaemon(true);
            return t;
        });
        for (ServiceConfig sc : config.services().values()) {
            services.put(sc.name(), new Service(sc));
        }
    }

    /** Called with the set of service names at boot and after each reload (metrics follow it). */
    public void onServiceSetChanged(Consumer<Set<String>> listener) {
        serviceSetListeners.add(listener);
    }

    /** Called with the outcome of every reload, applied or refused (metrics follow it). */
    public void onReload(ReloadListener listener) {
        reloadListeners.add(listener);
    }

    /** Re-adopts persistent services left by an earlier pdsupd, then starts every autostart service. */
    public CompletableFuture<Void> boot() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.post(() -> {
            beginBatch();
            try {
                readopt();
                for (Service s : services.values()) {
                    if (s.config.autostart() && !s.hasProcess()) machine.start(s, false, null);
                }
            } finally {
                dirty = true; // publish even when no state changed: autostart = false services must be visible
                endBatch();
            }
            announceServiceSet();
            done.complete(null);
        });
        return done;
    }

    private void readopt() {
        for (PersistentState.Entry e : persistentState.load()) {
            Service s = services.get(e.service());
            if (s == null || !s.config.persist()) {
                LOG.warn("{}: process {} was left running by an earlier pdsupd, but the service is no longer "
                        + "configured as persistent; leaving it alone", e.service(), e.pid());
                continue;
            }
            String notOurs = adoptionGuard.whyNotOurs(e.pid(), s.config);
            if (notOurs != null) {
                LOG.error("{}: {} names process {}, but {}; not adopting it, starting the service anew",
                        e.service(), persistentState.file(), e.pid(), notOurs);
                continue;
            }
            try {
                ProcessDescriptor pd = procdesc.adopt(e.pid(), e.startTime());
                machine.adopt(s, pd);
            } catch (NoSuchProcessException ex) {
                LOG.info("{}: recorded process {} is gone ({}); starting it anew", e.service(), e.pid(), ex.getMessage());
            } catch (RuntimeException ex) {
                LOG.warn("{}: cannot re-adopt process {}: {}; starting it anew", e.service(), e.pid(), ex.getMessage());
            }
        }
        persistentChanged();
    }

    // ---- ControlBackend -----------------------------------------------------------------------------

    /** The last published snapshot, with the dropped-output counters read now. */
    @Override
    public SupervisorSnapshot snapshot() {
        SupervisorSnapshot p = published;
        if (output == null) return p;
        PublishedServices services = (PublishedServices) p.services();
        PublishedServices live = services.withOutputDroppedBytes(output::droppedBytes);
        return live == services ? p : new SupervisorSnapshot(p.takenAt(), live);
    }

    @Override
    public List<String> resolve(List<String> namesOrGlobs) {
        // linear-time globs with bounded cost: see ServiceSelector (issue 15)
        return org.pdsup.daemon.control.ServiceSelector.resolve(published.services().keySet(), namesOrGlobs);
    }

    @Override
    public CompletableFuture<List<ServiceSnapshot>> start(List<String> names) {
        return onLoop(() -> {
            rejectWhenShuttingDown();
            List<CompletableFuture<ServiceSnapshot>> all = new ArrayList<>();
            for (String n : DependencyOrder.withRequirements(names, services)) {
                Service s = service(n);
                boolean named = names.contains(n);
                if (!named && s.state != ServiceState.STOPPED) continue;
                CompletableFuture<ServiceSnapshot> f = new CompletableFuture<>();
                machine.start(s, named, f);
                if (named) all.add(f);
            }
            return all;
        }).thenCompose(Supervisor::allOf);
    }

    @Override
    public CompletableFuture<List<ServiceSnapshot>> stop(List<String> names) {
        return onLoop(() -> {
            List<CompletableFuture<ServiceSnapshot>> all = new ArrayList<>();
            for (String n : names) {
                CompletableFuture<ServiceSnapshot> f = new CompletableFuture<>();
                machine.stop(service(n), "stopped by operator", f);
                all.add(f);
            }
            return all;
        }).thenCompose(Supervisor::allOf);
    }

    @Override
    public CompletableFuture<List<ServiceSnapshot>> restart(List<String> names) {
        return onLoop(() -> {
            rejectWhenShuttingDown();
            List<CompletableFuture<ServiceSnapshot>> all = new ArrayList<>();
            for (String n : names) {
                CompletableFuture<ServiceSnapshot> f = new CompletableFuture<>();
                machine.restart(service(n), f);
                all.add(f);
            }
            return all;
        }).thenCompose(Supervisor::allOf);
    }

    @Override
    public CompletableFuture<ServiceSnapshot> signal(String name, String signal) {
        Signal sig = Signal.parse(signal).orElseThrow(() -> new ControlException("bad_request",
                "unknown signal '" + signal + "' (use a name such as HUP, TERM, USR1)"));
        return onLoop(() -> {
            Service s = service(name);
            machine.signal(s, sig);
            return snapshotOf(s);
        });
    }

    @Override
    public CompletableFuture<ReloadOutcome> reload() {
        CompletableFuture<PdsupConfig> loaded = CompletableFuture.supplyAsync(() -> {
            try {
                return configSource.load();
            } catch (ConfigException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, probes);
        return loaded.handle((cfg, err) -> {
            if (err != null) {
                Throwable cause = err instanceof java.util.concurrent.CompletionException ? err.getCause() : err;
                List<String> errors = cause instanceof ConfigException ce
                        ? ce.errors().stream().map(Object::toString).toList()
                        : List.of(String.valueOf(cause.getMessage()));
                LOG.error("reload refused; the running configuration is unchanged:\n  {}", String.join("\n  ", errors));
                return CompletableFuture.completedFuture(new ReloadOutcome(false, List.of(), List.of(), List.of(),
                        List.of(), List.of(), errors));
            }
            return onLoop(() -> apply(cfg));
        }).thenCompose(f -> f).whenComplete((outcome, err) -> announceReload(outcome != null && outcome.applied()));
    }

    private void announceReload(boolean applied) {
        Instant at = Instant.now();
        for (ReloadListener l : reloadListeners) {
            try {
                l.reloaded(applied, at);
            } catch (RuntimeException e) {
                LOG.warn("reload listener failed", e);
            }
        }
    }

    private ReloadOutcome apply(PdsupConfig next) {
        rejectWhenShuttingDown();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> restarted = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        beginBatch();
        try {
            for (Service s : List.copyOf(services.values())) {
                if (!next.services().containsKey(s.name)) {
                    removed.add(s.name);
                    s.removed = true;
                    CompletableFuture<ServiceSnapshot> f = new CompletableFuture<>();
                    f.thenRun(() -> forget(s));
                    machine.stop(s, "removed from the configuration", f);
                }
            }
            Map<String, Service> reordered = new LinkedHashMap<>();
            for (ServiceConfig sc : next.services().values()) {
                Service s = services.get(sc.name());
                if (s == null || s.removed) {
                    Service fresh = new Service(sc);
                    reordered.put(sc.name(), fresh);
                    added.add(sc.name());
                    continue;
                }
                reordered.put(sc.name(), s);
                ServiceConfig old = s.config;
                if (old.samePolicyAs(sc)) {
                    if (samePolicy(old, sc)) {
                        unchanged.add(sc.name());
                    } else {
                        takePolicy(s, sc);
                        updated.add(sc.name());
                    }
                } else {
                    takePolicy(s, sc);
                    if (s.active()) {
                        machine.restart(s, null);
                        restarted.add(sc.name());
                    } else {
                        updated.add(sc.name());
                    }
                }
            }
            for (Service s : services.values()) {
                if (s.removed && !reordered.containsKey(s.name) && s.active()) {
                    reordered.put(s.name, s); // kept until its stop completes
                }
            }
            services.clear();
            services.putAll(reordered);
            publishedIndex = null;
            config = next;
            for (String n : added) {
                Service s = services.get(n);
                if (s.config.autostart()) machine.start(s, false, null);
            }
        } finally {
            dirty = true; // publish the new service set even when no state changed (autostart = false)
            endBatch();
        }
        announceServiceSet();
        LOG.info("reload applied: added {}, removed {}, restarted {}, updated in place {}, unchanged {}",
                added, removed, restarted, updated, unchanged.size());
        return new ReloadOutcome(true, added, removed, restarted, updated, unchanged, List.of());
    }

    /** Every policy field equal too: nothing to do for this service on reload. */
    private static boolean samePolicy(ServiceConfig a, ServiceConfig b) {
        return a.restart() == b.restart() && a.successExitCodes().equals(b.successExitCodes())
                && a.backoff().equals(b.backoff()) && a.startLimit().equals(b.startLimit())
                && a.stop().equals(b.stop()) && a.reloadSignal() == b.reloadSignal() && a.ready().equals(b.ready())
                && a.requires().equals(b.requires()) && a.autostart() == b.autostart();
    }

    private void takePolicy(Service s, ServiceConfig sc) {
        s.config = sc;
        s.snapshot = null;
        s.backoff.update(sc.backoff());
        s.startLimiter.update(sc.startLimit());
    }

    private void forget(Service s) {
        if (services.get(s.name) == s && s.removed && !s.active()) {
            services.remove(s.name);
            publishedIndex = null;
            if (output != null) output.forget(s.name);
            publishNow();
            announceServiceSet();
        }
    }

    @Override
    public CompletableFuture<ServiceSnapshot> waitFor(String name, Set<ServiceState> states, Duration timeout) {
        CompletableFuture<ServiceSnapshot> f = new CompletableFuture<>();
        loop.post(() -> {
            Service s = services.get(name);
            if (s == null) {
                f.completeExceptionally(noSuch(name));
                return;
            }
            if (states.contains(s.state)) {
                f.complete(snapshotOf(s));
                return;
            }
            StateWaiter[] holder = new StateWaiter[1];
            var t = loop.schedule(timeout, () -> {
                stateWaiters.remove(holder[0]);
                f.completeExceptionally(new ControlException("timeout", name + " did not reach "
                        + states.stream().map(ServiceState::wireName).sorted().toList() + " within "
                        + StartLimiter.format(timeout) + " (it is " + s.state.wireName() + ")"));
            });
            holder[0] = new StateWaiter(name, states, f, t);
            stateWaiters.add(holder[0]);
        });
        return f;
    }

    @Override
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

    @Override
    public CompletableFuture<Void> reopenLogs() {
        if (output == null) return ControlBackend.super.reopenLogs();
        return CompletableFuture.runAsync(output::reopenAll, probes);
    }

    @Override
    public CompletableFuture<ServiceDetails> details(String name) {
        return onLoop(() -> {
            Service s = service(name);
            List<String> requiredBy = new ArrayList<>();
            for (Service o : services.values()) {
                if (o.config.requires().contains(name)) requiredBy.add(o.name);
            }
            return new ServiceDetails(s.config, config.daemon().logDir(), s.process == null ? -1 : s.process.fd(),
                    s.process != null && s.process.isDaemon(), requiredBy);
        });
    }

    @Override
    public CompletableFuture<List<SupervisorEvent>> history(Predicate<String> serviceFilter) {
        return onLoop(() -> events.history().stream().filter(e -> serviceFilter.test(e.service())).toList());
    }

    @Override
    public java.util.Optional<org.pdsup.daemon.control.LogSource> logSource() {
        if (output == null) return java.util.Optional.empty();
        return java.util.Optional.of((service, lines, follow, sink) -> {
            if (!published.services().containsKey(service)) throw noSuch(service);
            try {
                return output.tail(service, lines, follow, new OutputCapture.LogSink() {
                    @Override
                    public void line(String stream, String text) {
                        sink.line(stream, text);
                    }

                    @Override
                    public void dropped(long count) {
                        sink.line("stderr", "pdsupd: " + count + " lines dropped: the reader was too slow");
                    }

                    @Override
                    public void end() {
                        sink.end();
                    }
                });
            } catch (java.io.IOException e) {
                throw new ControlException("internal", "cannot read the output of " + service + ": " + e.getMessage());
            }
        });
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        loop.post(() -> {
            if (shutdownDone != null) {
                shutdownDone.whenComplete((v, e) -> f.complete(null));
                return;
            }
            shutdownDone = f;
            shuttingDown = true;
            LOG.info("shutting down: stopping services in reverse dependency order");
            Duration limit = config.daemon().shutdownTimeout();
            loop.schedule(limit, () -> {
                if (shutdownDone.isDone()) return;
                LOG.error("services still running {} after the shutdown began (pdsupd.shutdown-timeout); "
                        + "killing them", StartLimiter.format(limit));
                for (Service s : services.values()) {
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
                loop.schedule(Duration.ofSeconds(2), () -> {
                    if (shutdownDone.isDone()) return;
                    for (Service s : services.values()) {
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
                    continueShutdown();
                });
            });
            for (Service s : services.values()) {
                s.wanted = false;
                s.restartAfterStop = false;
                if (!s.active() && s.state != ServiceState.STOPPED && s.state != ServiceState.EXITED) {
                    machine.stop(s, "pdsupd is shutting down", null);
                }
            }
            continueShutdown();
        });
        return f;
    }

    /**
     * Stops every service no running service still requires; finishes when only persistent ones remain. A spawn
     * in flight is waited for: its landing stops a non-persistent service and leaves a persistent one running.
     */
    private void continueShutdown() {
        if (shutdownDone.isDone()) return; // finished already: persistent services are detached, the file written
        boolean waiting = false;
        for (Service s : services.values()) {
            if (s.spawning != null) {
                waiting = true;
                continue;
            }
            if (!s.hasProcess() || s.config.persist()) continue;
            waiting = true;
            if (s.state == ServiceState.STOPPING) continue;
            boolean needed = DependencyOrder.dependents(s.name, services).stream()
                    .anyMatch(d -> d.active() && !d.config.persist());
            if (!needed) machine.stop(s, "pdsupd is shutting down", null);
        }
        if (waiting) return;
        for (Service s : services.values()) {
            if (s.config.persist() && s.hasProcess()) {
                LOG.info("{}: persistent, left running as pid {}", s.name, s.pid());
            }
        }
        persistentChanged();
        for (Service s : services.values()) {
            if (s.config.persist()) machine.detach(s);
        }
        LOG.info("all services stopped");
        shutdownDone.complete(null);
        exitDaemon.run();
    }

    @Override
    public String version() {
        return version;
    }

    // ---- ServiceMachine.Host -------------------------------------------------------------------------

    @Override public SupervisorLoop loop() { return loop; }
    @Override public ProcessDescriptors procdesc() { return procdesc; }
    @Override public ExitWatcher watcher() { return watcher; }
    @Override public Spawner spawner() { return spawner; }
    @Override public OutputCapture output() { return output; }
    @Override public ExecutorService probes() { return probes; }
    @Override public DaemonMetrics metrics() { return metrics; }
    @Override public Path logDir() { return config.daemon().logDir(); }

    @Override
    public void transitioned(Service svc, ServiceState from, ServiceState to, String reason, RunSummary exit) {
        SupervisorEvent e = new SupervisorEvent(events.nextSeq(), Instant.now(), svc.name, from, to, reason,
                exit != null ? exit.pid() : svc.pid(), exit);
        // "{}{}" with the service and transition first: the log's rate limit (RepeatedMessageFilter) keys on
        // the first argument, so a crash loop is limited per service and transition, never across services
        String head = svc.name + ": " + from.wireName() + " -> " + to.wireName();
        StringBuilder line = new StringBuilder();
        int pid = e.pid();
        if (pid > 0) line.append(" pid ").append(pid);
        line.append(": ").append(reason);
        if (exit != null) {
            line.append(" [cpu user ");
            appendSeconds(line, exit.userCpuSeconds());
            line.append(" sys ");
            appendSeconds(line, exit.systemCpuSeconds());
            line.append(", max rss ");
            if (exit.maxRssBytes() < 0) {
                line.append("unknown]");
            } else {
                line.append(exit.maxRssBytes() / 1024).append(" KiB]");
            }
        }
        if (to == ServiceState.FATAL || (to == ServiceState.BACKOFF && reason.startsWith("spawn failed"))) {
            LOG.warn("{}{}", head, line);
        } else {
            LOG.info("{}{}", head, line);
        }
        events.append(e);
        if (svc.process != null && !svc.config.persist()) sessions.track(svc.name, svc.process);
        svc.snapshot = null;
        publishNow();
        if (!stateWaiters.isEmpty()) {
            for (StateWaiter w : List.copyOf(stateWaiters)) {
                if (w.service().equals(svc.name) && w.states().contains(to)) {
                    stateWaiters.remove(w);
                    w.timeout().cancel(false);
                    w.future().complete(snapshotOf(svc));
                }
            }
        }
    }

    @Override
    public List<String> unmetRequirements(Service svc) {
        List<String> unmet = new ArrayList<>();
        for (String r : svc.config.requires()) {
            Service dep = services.get(r);
            if (dep == null) continue;
            boolean ok = dep.state == ServiceState.RUNNING
                    || (dep.config.type() == ServiceType.ONESHOT && dep.state == ServiceState.EXITED
                    && dep.lastExit != null && dep.lastExit.code() >= 0
                    && dep.config.successExitCodes().contains(dep.lastExit.code()));
            if (!ok) unmet.add(r);
        }
        return unmet;
    }

    @Override
    public void persistentChanged() {
        List<PersistentState.Entry> entries = new ArrayList<>();
        for (Service s : services.values()) {
            if (s.config.persist() && s.hasProcess()) {
                entries.add(new PersistentState.Entry(s.name, s.pid(), s.process.startTime()));
            }
        }
        persistentState.save(entries);
    }

    @Override
    public void serviceSettled(Service svc) {
        if (shuttingDown) {
            continueShutdown();
            return;
        }
        if (svc.state == ServiceState.RUNNING || svc.state == ServiceState.EXITED) {
            for (Service d : DependencyOrder.dependents(svc.name, services)) {
                if (d.wanted && d.state == ServiceState.STARTING && !d.active()) {
                    machine.start(d, false, null);
                }
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** "1.234s": what String.format("%.3fs") gives, at a small fraction of its cost on every exit. */
    static void appendSeconds(StringBuilder b, double seconds) {
        long ms = Math.round(Math.max(0, seconds) * 1000);
        long frac = ms % 1000;
        b.append(ms / 1000).append('.');
        if (frac < 100) b.append('0');
        if (frac < 10) b.append('0');
        b.append(frac).append('s');
    }

    private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.post(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static CompletableFuture<List<ServiceSnapshot>> allOf(List<CompletableFuture<ServiceSnapshot>> fs) {
        return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new))
                .thenApply(v -> fs.stream().map(CompletableFuture::join).toList());
    }

    private void rejectWhenShuttingDown() {
        if (shuttingDown) throw new ControlException("shutting_down", "pdsupd is shutting down");
    }

    private Service service(String name) {
        Service s = services.get(name);
        if (s == null) throw noSuch(name);
        return s;
    }

    private ControlException noSuch(String name) {
        return new ControlException("no_such_service", "no service named '" + name + "' (known: "
                + (services.isEmpty() ? "none" : String.join(", ", services.keySet())) + ")");
    }

    private ServiceSnapshot snapshotOf(Service s) {
        return Snapshots.of(s, output);
    }

    private void beginBatch() {
        batch++;
    }

    private void endBatch() {
        if (--batch == 0 && dirty) publishNow();
    }

    private void publishNow() {
        if (batch > 0) {
            dirty = true;
            return;
        }
        dirty = false;
        if (publishedIndex == null) publishedIndex = new PublishedServices.Index(services.keySet());
        ServiceSnapshot[] values = new ServiceSnapshot[services.size()];
        int i = 0;
        for (Service s : services.values()) {
            if (s.snapshot == null) s.snapshot = snapshotOf(s);
            values[i++] = s.snapshot;
        }
        published = new SupervisorSnapshot(Instant.now(), new PublishedServices(publishedIndex, values));
    }

    private void announceServiceSet() {
        Set<String> names = Set.copyOf(services.keySet());
        for (Consumer<Set<String>> l : serviceSetListeners) {
            try {
                l.accept(names);
            } catch (RuntimeException e) {
                LOG.warn("service-set listener failed", e);
            }
        }
    }

    /** The record of non-persistent services' processes, their groups and sessions (issue 15 defect 4). */
    public SessionState sessions() {
        return sessions;
    }

    /** SIGCHLD (any thread): reap orphaned descendants, off the supervisor thread. */
    public void collectOrphans() {
        orphans.request();
    }

    @Override
    public void exitCollected() {
        orphans.request();
    }

    /** Releases the probe, spawner and reaper threads. */
    public void close() {
        probes.shutdownNow();
        spawner.close();
        orphans.close();
    }
}
