package org.pdsup.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

import org.pdsup.config.PdsupConfig;
import org.pdsup.daemon.metrics.BuildInfo;
import org.pdsup.daemon.output.OutputCapture;
import org.pdsup.daemon.reexec.Reexec;
import org.pdsup.daemon.supervisor.HandoverState;
import org.pdsup.daemon.supervisor.LeftoverCleanup;
import org.pdsup.daemon.supervisor.SessionState;
import org.pdsup.daemon.supervisor.Supervisor;
import org.pdsup.daemon.supervisor.SupervisorLoop;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.stats.ProcessTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running pdsupd: wires the kernel-event thread, the supervisor loop, output capture, the control
 * server and metrics together, and tears them down in the reverse order.
 */
public final class Pdsupd implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pdsupd.class);

    private final PdsupConfig config;
    private final ProcessDescriptors procdesc;
    private final ExitWatcher watcher;
    private final SupervisorLoop loop;
    private final OutputCapture output;
    private final Supervisor supervisor;
    private final DaemonServers servers;
    private final LeftoverCleanup leftovers;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Work for the main thread, the only one that may exec (live re-exec); {@link #STOP} ends it. */
    private final BlockingQueue<Runnable> mainThread = new LinkedBlockingQueue<>();
    private static final Runnable STOP = () -> { };
    private final Reexec reexec;
    /** Services whose process the take-over could not keep (live re-exec). */
    private List<String> lostAtTakeover = List.of();
    /** Live re-exec: how long the take-over and serving the control socket took (log line only). */
    private long takeoverMillis;
    private long serveMillis;

    private Pdsupd(PdsupConfig config, Supervisor.ConfigSource source, HandoverState takeover, List<String> args,
                   Supplier<Map<String, ProcessDescriptor>> inherited) throws StartupException {
        this.config = config;
        prepareDirectory(config.daemon().stateDir(), "state-dir");
        prepareDirectory(config.daemon().logDir(), "log-dir");
        this.procdesc = ProcessDescriptors.system();
        procdesc.resetChildSignal();
        procdesc.becomeSubreaper();
        this.watcher = procdesc.newExitWatcher("pdsupd-kernel-events");
        this.loop = new SupervisorLoop();
        this.output = new OutputCapture(watcher, procdesc, config.daemon().logDir(),
                Math.max(config.daemon().outputDefaults().bufferBytes() * 16, 64L << 20));
        this.servers = new DaemonServers(config, new BuildInfo(Version.get(), Runtime.version().toString(),
                BuildInfo.backendOf(procdesc.describe())));
        this.supervisor = new Supervisor(config, source, loop, procdesc, watcher, output, servers.observer(),
                "pdsupd " + Version.get() + " (Java " + Runtime.version() + ", " + procdesc.describe() + ")",
                () -> {
                    stopped.countDown();
                    mainThread.add(STOP);
                });
        this.leftovers = new LeftoverCleanup(ProcessTable.system(), procdesc, watcher);
        if (takeover != null) {
            // pdsupd's own listeners stay out of the children spawned from now on, until they are served
            takeover.listeners().forEach(l -> org.pdsup.procdesc.Fds.setCloseOnExec(l.fd()));
            // before the control socket is served: the first answer already shows every service as it was
            long t0 = System.nanoTime();
            this.lostAtTakeover = supervisor.handover().takeOver(takeover, inherited.get()).join();
            // before the control socket is served: the requests waiting in its backlog (pdctl reexec reads the
            // event history to learn whether the re-exec completed) must find this event already there
            supervisor.handover().daemonEvent("re-exec complete: took over " + takeover.services().size()
                    + " services" + (lostAtTakeover.isEmpty() ? "" : "; lost and restarted: " + lostAtTakeover)).join();
            this.takeoverMillis = (System.nanoTime() - t0) / 1_000_000;
        } else {
            // before the control socket opens and any service starts: end what a dead pdsupd's services left
            leftovers.run(supervisor.sessions().load(), "behind by an earlier pdsupd");
            supervisor.sessions().clear();
        }
        this.reexec = new Reexec(supervisor, source, procdesc, config.daemon().stateDir(), new Reexec.Servers() {
            @Override public java.nio.file.Path controlBoundPath() { return servers.controlBoundPath(); }
            @Override public void beginHandover() { servers.beginHandover(); }
            @Override public void endHandover() { servers.endHandover(); }
            @Override public void drain() { servers.drainControl(); }
            @Override public void stopAccepting() { servers.stopAccepting(); }
            @Override public List<HandoverState.ListenerRecord> listeners() { return servers.handOverListeners(); }
        }, mainThread::add, args);
        long serveStart = System.nanoTime();
        try {
            servers.start(supervisor, takeover == null ? null : InheritedControlSocket.take(),
                    () -> ReexecHook.request(reexec, "pdctl reexec"), takeover == null ? List.of() : takeover.listeners());
            serveMillis = (System.nanoTime() - serveStart) / 1_000_000;
        } catch (StartupException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Runs until SIGTERM/SIGINT or the control protocol's {@code shutdown}; returns the exit status. */
    public static int runUntilStopped(PdsupConfig config, Supervisor.ConfigSource source) throws StartupException {
        return runUntilStopped(config, source, null, List.of(), null, Map::of);
    }

    /**
     * @param takeover  what the previous program of this process handed over (live re-exec), or null for a fresh
     *                  start
     * @param args      pdsupd's command-line arguments, for a later re-exec
     * @param times     what the new program of a live re-exec did before this (log line only), or null
     * @param inherited the handed-over process descriptors already taken, by service name (see {@code
     *                  reexec/HandoverRead}); the take-over takes the others itself
     */
    static int runUntilStopped(PdsupConfig config, Supervisor.ConfigSource source, HandoverState takeover,
                               List<String> args, TakeoverTimes times,
                               Supplier<Map<String, ProcessDescriptor>> inherited) throws StartupException {
        long t0 = System.nanoTime();
        Pdsupd d = new Pdsupd(config, source, takeover, args, inherited);
        SignalHandlers.install(d.procdesc, d.watcher, d.signalActions());
        LOG.info("pdsupd {} started, pid {}, {} services, {}", Version.get(), ProcessHandle.current().pid(),
                config.services().size(), d.procdesc.describe());
        DescriptorBudget.check(config);
        if (takeover == null) {
            d.supervisor.boot().join();
            LOG.info("boot complete: every service is published, the autostart ones are starting");
        } else {
            List<String> lost = d.lostAtTakeover;
            LOG.info("re-exec complete: took over {} services from the previous program ({} ms after it handed "
                    + "over, {} ms in this one){}; {}take-over {} ms, control socket served {} ms",
                    takeover.services().size(),
                    java.time.Duration.between(takeover.takenAt(), java.time.Instant.now()).toMillis(),
                    (System.nanoTime() - t0) / 1_000_000, lost.isEmpty() ? "" : "; lost and restarted: " + lost,
                    times == null ? "" : "exec and JVM start " + times.execMillis(takeover.takenAt())
                            + " ms, configuration " + times.configMillis() + " ms (beside it: handover read "
                            + times.read().millis() + " ms, process descriptors taken " + times.read().inheritMillis()
                            + " ms), ", d.takeoverMillis, d.serveMillis);
        }
        // the start-up heap sizing lasts until the services have started: until the boot's spawns have landed, not
        // only been handed to the spawner (10,000 services then started on the tight heap, with two full
        // collections of everything live; docs/benchmarks.md, "Start path CPU"). A task of the main thread (the
        // heap steps' thread), which meanwhile serves its queue: a spawn that never lands holds back nothing else
        d.supervisor.spawnsIdle().thenRun(() -> d.mainThread.add(() -> {
            // widens the heap while full collections come in bursts (a crash-loop storm); the restore's counts
            BurstHeap.install(StartupHeap.restore());
        }));
        d.runMainThread();
        // stop.mode = process ends only the service process: end what its session or group still holds
        d.leftovers.run(d.loop.call(() -> d.supervisor.sessions().current()).join(),
                "behind after pdsupd stopped them");
        d.loop.call(() -> {
            d.supervisor.sessions().clear();
            return null;
        }).join();
        d.close();
        LOG.info("pdsupd stopped");
        return 0;
    }

    /** Runs what is asked of the main thread (a re-exec's checks and exec) until the daemon stops. */
    private void runMainThread() {
        try {
            for (Runnable task = mainThread.take(); task != STOP; task = mainThread.take()) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("main thread task failed", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM and SIGINT shut down as {@code pdctl shutdown} does: new admin requests are refused meanwhile. */
    private SignalHandlers.Actions signalActions() {
        return new SignalHandlers.Actions(() -> {
            servers.beginShutdown();
            supervisor.shutdown();
        }, supervisor::reload, output::reopenAll, supervisor::collectOrphans,
                () -> reexec.request("SIGUSR2").thenAccept(Runnable::run).exceptionally(e -> null));
    }

    Supervisor supervisor() {
        return supervisor;
    }

    OutputCapture output() {
        return output;
    }

    ProcessDescriptors procdesc() {
        return procdesc;
    }

    SupervisorLoop loop() {
        return loop;
    }

    private static void prepareDirectory(Path dir, String key) throws StartupException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException("cannot create " + key + " " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new StartupException(key + " " + dir + " is not writable by this user");
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            servers.close();
        } catch (RuntimeException e) {
            LOG.warn("closing servers: {}", e.toString());
        }
        if (supervisor != null) supervisor.close();
        if (output != null) output.close();
        loop.close();
        watcher.close();
    }
}
