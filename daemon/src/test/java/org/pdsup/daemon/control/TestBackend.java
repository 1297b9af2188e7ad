package org.pdsup.daemon.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.pdsup.daemon.supervisor.ReloadOutcome;
import org.pdsup.daemon.supervisor.RunSummary;
import org.pdsup.daemon.supervisor.ServiceSnapshot;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.daemon.supervisor.SupervisorEvent;
import org.pdsup.daemon.supervisor.SupervisorSnapshot;

/**
 * A stand-in supervisor for the control server's tests: services are names with a state, changed on one
 * "supervisor" thread that also runs event sinks, as the real one does. No processes: these tests are about
 * the protocol, the server and the client, not about supervision.
 */
class TestBackend implements ControlBackend {
    final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ServiceSnapshot> services = new LinkedHashMap<>();
    private volatile SupervisorSnapshot snapshot;
    private final List<SupervisorEvent> ring = new ArrayList<>();
    private final List<Sub> subscribers = new CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    final List<String> signals = new CopyOnWriteArrayList<>();
    volatile ReloadOutcome nextReload = new ReloadOutcome(true, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    volatile LogSource logSource;
    volatile int shutdowns;
    /** When set, waitFor never waits: it answers from the current state or times out at once. */
    volatile boolean immediateWaits;
    private long seq;
    private int nextPid = 1000;

    private record Sub(Predicate<String> filter, Consumer<SupervisorEvent> sink) {}

    private record Waiter(String name, Set<ServiceState> states, CompletableFuture<ServiceSnapshot> future) {}

    /** Configuration order. */
    private final List<String> order;

    TestBackend(String... names) {
        order = List.of(names);
        for (String n : names) services.put(n, snap(n, ServiceState.STOPPED, 0, null));
        publish();
    }

    private static ServiceSnapshot snap(String name, ServiceState state, int pid, RunSummary lastExit) {
        Instant now = Instant.now();
        return new ServiceSnapshot(name, state, state == ServiceState.RUNNING, pid, now,
                pid > 0 ? now.minusSeconds(65) : null, 0, 0, lastExit, null, false, false, Map.of(), 0, 0, 0);
    }

    private void publish() {
        snapshot = new SupervisorSnapshot(Instant.now(), Map.copyOf(new LinkedHashMap<>(services)));
    }

    /** Runs on the supervisor thread and waits for it. */
    <T> T onSupervisor(java.util.concurrent.Callable<T> task) {
        try {
            return supervisor.submit(task).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Supervisor thread: moves a service to a state, records and streams the event. */
    private ServiceSnapshot transition(String name, ServiceState to, String reason) {
        ServiceSnapshot old = services.get(name);
        int pid = to == ServiceState.RUNNING || to == ServiceState.STARTING ? nextPid++ : 0;
        RunSummary exit = null;
        if (old.pid() > 0 && pid == 0) {
            exit = new RunSummary(old.pid(), old.startedAt(), Instant.now(), "signal TERM", -1, "TERM", false, 0.01, 0.01, 3_250_586);
        }
        ServiceSnapshot now = new ServiceSnapshot(name, to, to == ServiceState.RUNNING, pid, Instant.now(),
                pid > 0 ? Instant.now().minusSeconds(65) : null, old.restarts() + (to == ServiceState.RUNNING ? 1 : 0),
                0, exit != null ? exit : old.lastExit(), null, false, false, Map.of(), 0, 0, 0);
        services.put(name, now);
        publish();
        emit(new SupervisorEvent(++seq, Instant.now(), name, old.state(), to, reason, pid > 0 ? pid : old.pid(), exit));
        for (Waiter w : new ArrayList<>(waiters)) {
            if (w.name.equals(name) && w.states.contains(to)) {
                waiters.remove(w);
                w.future.complete(now);
            }
        }
        return now;
    }

    /** Supervisor thread: appends to the ring (bounded 1000) and calls the sinks. */
    void emit(SupervisorEvent e) {
        ring.add(e);
        if (ring.size() > 1000) ring.remove(0);
        for (Sub s : subscribers) {
            if (s.filter.test(e.service())) s.sink.accept(e);
        }
    }

    /** Publishes {@code n} synthetic events for {@code service} from the supervisor thread, as fast as it can. */
    void flood(String service, int n) {
        onSupervisor(() -> {
            for (int i = 0; i < n; i++) {
                emit(new SupervisorEvent(++seq, Instant.now(), service, ServiceState.RUNNING, ServiceState.BACKOFF,
                        "flood", 4242, null));
            }
            return null;
        });
    }

    void setState(String name, ServiceState state) {
        onSupervisor(() -> transition(name, state, "test"));
    }

    int subscriberCount() {
        return subscribers.size();
    }

    /** The waits pending now (read on the backend's own thread). */
    int waiterCount() {
        return onSupervisor(waiters::size);
    }

    @Override
    public SupervisorSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public List<String> resolve(List<String> namesOrGlobs) {
        if (namesOrGlobs.isEmpty()) return order;
        List<String> out = new ArrayList<>();
        for (String g : namesOrGlobs) {
            Pattern p = Pattern.compile(Pattern.quote(g).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
            boolean any = false;
            for (String n : order) {
                if (p.matcher(n).matches()) {
                    any = true;
                    if (!out.contains(n)) out.add(n);
                }
            }
            if (!any) {
                throw new ControlException("no_such_service", "no service named '" + g + "' (known: "
                        + String.join(", ", order) + ")");
            }
        }
        return out;
    }

    private CompletableFuture<List<ServiceSnapshot>> each(List<String> names, ServiceState to, String reason) {
        CompletableFuture<List<ServiceSnapshot>> f = new CompletableFuture<>();
        supervisor.execute(() -> {
            List<ServiceSnapshot> out = new ArrayList<>();
            for (String n : names) out.add(transition(n, to, reason));
            f.complete(out);
        });
        return f;
    }

    @Override
    public CompletableFuture<List<ServiceSnapshot>> start(List<String> names) {
        return each(names, ServiceState.RUNNING, "started by operator");
    }

    @Override
    public CompletableFuture<List<ServiceSnapshot>> stop(List<String> names) {
        return each(names, ServiceState.STOPPED, "stopped by operator");
    }

    @Override
    public CompletableFuture<List<ServiceSnapshot>> restart(List<String> names) {
        return each(names, ServiceState.RUNNING, "restarted by operator");
    }

    @Override
    public CompletableFuture<ServiceSnapshot> signal(String name, String signal) {
        return CompletableFuture.supplyAsync(() -> {
            if (!Set.of("HUP", "TERM", "USR1", "KILL", "9").contains(signal)) {
                throw new ControlException("bad_request", "unknown signal '" + signal + "'");
            }
            ServiceSnapshot s = services.get(name);
            if (s.pid() <= 0) throw new ControlException("invalid_state", "service '" + name + "' is not running");
            signals.add(name + ":" + signal);
            return s;
        }, supervisor);
    }

    @Override
    public CompletableFuture<ReloadOutcome> reload() {
        return CompletableFuture.supplyAsync(() -> nextReload, supervisor);
    }

    @Override
    public CompletableFuture<ServiceSnapshot> waitFor(String name, Set<ServiceState> states, Duration timeout) {
        CompletableFuture<ServiceSnapshot> f = new CompletableFuture<>();
        supervisor.execute(() -> {
            ServiceSnapshot s = services.get(name);
            if (states.contains(s.state())) {
                f.complete(s);
                return;
            }
            if (immediateWaits) {
                f.completeExceptionally(new ControlException("timeout", "service '" + name + "' is not " + states));
                return;
            }
            Waiter w = new Waiter(name, states, f);
            waiters.add(w);
            supervisor.schedule(() -> {
                if (waiters.remove(w)) {
                    f.completeExceptionally(new ControlException("timeout", "service '" + name + "' did not reach "
                            + states + " within " + timeout.toMillis() + " ms"));
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        });
        return f;
    }

    @Override
    public AutoCloseable subscribe(Predicate<String> serviceFilter, boolean history, Consumer<SupervisorEvent> sink) {
        return onSupervisor(() -> {
            if (history) {
                for (SupervisorEvent e : ring) {
                    if (serviceFilter.test(e.service())) sink.accept(e);
                }
            }
            Sub s = new Sub(serviceFilter, sink);
            subscribers.add(s);
            return () -> subscribers.remove(s);
        });
    }

    @Override
    public CompletableFuture<List<SupervisorEvent>> history(Predicate<String> serviceFilter) {
        return CompletableFuture.supplyAsync(() -> {
            List<SupervisorEvent> out = new ArrayList<>();
            for (SupervisorEvent e : ring) {
                if (serviceFilter.test(e.service())) out.add(e);
            }
            return out;
        }, supervisor);
    }

    @Override
    public Optional<LogSource> logSource() {
        return Optional.ofNullable(logSource);
    }

    /** Runs (on its own thread) when shutdown is asked, as the daemon's exit would. */
    volatile Runnable onShutdown;

    @Override
    public CompletableFuture<Void> shutdown() {
        shutdowns++;
        Runnable r = onShutdown;
        if (r != null) new Thread(r, "test-shutdown").start();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public String version() {
        return "pdsupd 0.1.0-test (Java " + Runtime.version() + ", procdesc: none)";
    }

    void close() {
        supervisor.shutdownNow();
    }
}
