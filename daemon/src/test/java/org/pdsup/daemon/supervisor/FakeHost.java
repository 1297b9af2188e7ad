package org.pdsup.daemon.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.pdsup.config.ConfigLoader;
import org.pdsup.config.ServiceConfig;
import org.pdsup.daemon.output.Capture;
import org.pdsup.procdesc.Accounts;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.SpawnSpec;

/**
 * A {@link ServiceMachine.Host} for tests of the machine alone: a fake clock and timers that fire when the test
 * says, spawns that land when the test says, a watcher that only remembers. Runs on a real
 * {@link SupervisorLoop}, whose thread the machine checks; {@link #onLoop} runs a step there.
 */
final class FakeHost implements ServiceMachine.Host, AutoCloseable {
    final SupervisorLoop loop = new SupervisorLoop();
    final ExecutorService probes = Executors.newSingleThreadExecutor();
    final Capture output = new NoCapture();
    final Path logDir;
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    /** The timers not yet fired or cancelled, in the order they were set. */
    final List<Timer> timers = new ArrayList<>();
    /** The spawns handed over and not yet landed. */
    final List<Spawner.Landing> spawns = new ArrayList<>();
    final List<String> transitions = new ArrayList<>();
    /** Hand-overs ("spawn") and transitions ("from -> to: reason") in the order they happened. */
    final List<String> order = new ArrayList<>();
    /** Runs when the machine says a service settled (a shutdown or a dependent would react here). */
    java.util.function.Consumer<Service> onSettled = svc -> { };
    final List<ProcessDescriptor> watched = new ArrayList<>();
    List<String> unmet = List.of();

    FakeHost(Path logDir) {
        this.logDir = logDir;
    }

    /** Runs {@code step} on the supervisor thread and waits for it. */
    <T> T onLoop(java.util.concurrent.Callable<T> step) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.post(() -> {
            try {
                f.complete(step.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    /** Fires the timers that are due at the fake clock's time (on the caller's thread: call it on the loop). */
    void fireDue() {
        for (Timer t : List.copyOf(timers)) {
            if (!t.cancelled && !t.due.isAfter(now)) {
                timers.remove(t);
                t.task.run();
            }
        }
    }

    @Override public SupervisorLoop loop() { return loop; }
    @Override public Instant now() { return now; }
    @Override public ProcessDescriptors procdesc() { return ProcessDescriptors.system(); }
    @Override public ExecutorService probes() { return probes; }
    @Override public Capture output() { return output; }
    @Override public SupervisorObserver observer() { return SupervisorObserver.NONE; }
    @Override public Path logDir() { return logDir; }
    @Override public List<String> unmetRequirements(Service svc) { return unmet; }
    @Override public void persistentChanged() { }
    @Override public void serviceSettled(Service svc) { onSettled.accept(svc); }
    @Override public void exitCollected() { }

    @Override
    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        Timer t = new Timer(now.plus(delay), task);
        timers.add(t);
        return t;
    }

    @Override
    public void spawn(SpawnSpec spec, Spawner.Landing landing) {
        spawns.add(landing);
        order.add("spawn");
    }

    @Override
    public void transitioned(Service svc, ServiceState from, ServiceState to, String reason, RunSummary exit) {
        transitions.add(from.wireName() + " -> " + to.wireName() + ": " + reason);
        order.add(from.wireName() + " -> " + to.wireName() + ": " + reason);
    }

    @Override
    public ExitWatcher watcher() {
        return new ExitWatcher() {
            @Override public void watch(ProcessDescriptor pd, ExitListener listener) { watched.add(pd); }
            @Override public void unwatch(ProcessDescriptor pd) { watched.remove(pd); }
            @Override public void watchReadable(int fd, ReadableListener listener) { }
            @Override public void unwatchFd(int fd) { }
            @Override public void close() { }
        };
    }

    @Override
    public void close() {
        probes.shutdownNow();
        loop.close();
    }

    /** A timer on the fake clock. */
    static final class Timer implements ScheduledFuture<Object> {
        final Instant due;
        final Runnable task;
        boolean cancelled;

        Timer(Instant due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override public boolean cancel(boolean mayInterrupt) { cancelled = true; return true; }
        @Override public boolean isCancelled() { return cancelled; }
        @Override public boolean isDone() { return cancelled; }
        @Override public Object get() { throw new UnsupportedOperationException(); }
        @Override public Object get(long timeout, TimeUnit unit) { throw new UnsupportedOperationException(); }
        @Override public long getDelay(TimeUnit unit) { return 0; }
        @Override public int compareTo(Delayed o) { return 0; }
    }

    /**
     * The service {@code svc} of a configuration written into {@code dir}: state and logs under {@code dir},
     * metrics off, {@code command = [/bin/true]}, then {@code settings} (HOCON inside the service's block).
     */
    static ServiceConfig service(Path dir, String settings) throws Exception {
        Path conf = dir.resolve("pdsupd.conf");
        Files.writeString(conf, "pdsupd { state-dir = \"" + dir.resolve("state") + "\", log-dir = \""
                + dir.resolve("log") + "\", metrics.enabled = false }\n"
                + "services { svc { command = [/bin/true], " + settings + " } }\n");
        return new ConfigLoader(Accounts.system()).load(conf).services().get("svc");
    }
}
