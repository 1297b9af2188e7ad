package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.pdsup.config.ConfigLoader;
import org.pdsup.config.PdsupConfig;
import org.pdsup.daemon.output.OutputCapture;
import org.pdsup.procdesc.Accounts;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.ProcessDescriptors;

/**
 * A real supervisor in the test's JVM: real processes, the real kernel-event thread and supervisor loop,
 * configuration from HOCON text through the real loader. Events are collected for assertions.
 */
final class SupervisorHarness implements AutoCloseable {
    final Path dir;
    final Path configFile;
    final ProcessDescriptors procdesc;
    final ExitWatcher watcher;
    final SupervisorLoop loop = new SupervisorLoop();
    final OutputCapture output;
    final Supervisor supervisor;
    final List<SupervisorEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final ConfigLoader loader = new ConfigLoader(Accounts.system());
    private boolean shutDown;
    private String daemonSettings = "";

    SupervisorHarness(Path dir, String services) throws Exception {
        this(dir, services, true);
    }

    SupervisorHarness(Path dir, String services, boolean captureOutput) throws Exception {
        this(dir, services, captureOutput, "");
    }

    /** {@code daemonSettings}: extra lines inside {@code pdsupd { }}. */
    SupervisorHarness(Path dir, String services, boolean captureOutput, String daemonSettings) throws Exception {
        this(dir, services, captureOutput, daemonSettings, ProcessDescriptors.system());
    }

    /** With {@code procdesc} in place of the system's (a wrapper that holds spawns back, for instance). */
    SupervisorHarness(Path dir, String services, boolean captureOutput, String daemonSettings,
                      ProcessDescriptors procdesc) throws Exception {
        this.dir = dir;
        this.procdesc = procdesc;
        this.daemonSettings = daemonSettings;
        this.configFile = dir.resolve("pdsupd.conf");
        writeConfig(services);
        PdsupConfig cfg = loader.load(configFile);
        procdesc.resetChildSignal();
        procdesc.becomeSubreaper();
        watcher = procdesc.newExitWatcher("test-kernel-events");
        output = captureOutput ? new OutputCapture(watcher, procdesc, cfg.daemon().logDir(), 64L << 20) : null;
        supervisor = new Supervisor(cfg, () -> loader.load(configFile), loop, procdesc, watcher,
                output != null ? output : new NoCapture(), SupervisorObserver.NONE, "test", () -> { });
        supervisor.subscribe(n -> true, true, events::add);
        supervisor.boot().get(10, TimeUnit.SECONDS);
    }

    void writeConfig(String services) throws IOException {
        String text = "pdsupd {\n"
                + "  state-dir = \"" + dir.resolve("state") + "\"\n"
                + "  log-dir = \"" + dir.resolve("log") + "\"\n"
                + "  control.socket = \"" + dir.resolve("pdsupd.sock") + "\"\n"
                + "  metrics.enabled = false\n"
                + daemonSettings + "\n"
                + "}\n"
                + "services {\n" + services + "\n}\n";
        Files.writeString(configFile, text);
    }

    ServiceSnapshot status(String name) {
        return supervisor.snapshot().services().get(name);
    }

    ServiceSnapshot await(String name, ServiceState state, Duration timeout) throws Exception {
        return supervisor.waitFor(name, EnumSet.of(state), timeout)
                .get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
    }

    List<SupervisorEvent> eventsOf(String name) {
        synchronized (events) {
            return events.stream().filter(e -> e.service().equals(name)).toList();
        }
    }

    List<SupervisorEvent> eventsTo(String name, ServiceState to) {
        return eventsOf(name).stream().filter(e -> e.to() == to).toList();
    }

    /** Waits (bounded) until {@code name} has at least {@code count} events into {@code to}. */
    List<SupervisorEvent> awaitEvents(String name, ServiceState to, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<SupervisorEvent> l = eventsTo(name, to);
            if (l.size() >= count) return l;
            Thread.sleep(20);
        }
        throw new AssertionError(name + ": fewer than " + count + " transitions to " + to + " within "
                + timeout + "; events: " + eventsOf(name));
    }

    void shutdown() throws Exception {
        if (shutDown) return;
        shutDown = true;
        supervisor.shutdown().get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            shutdown();
        } catch (Exception e) {
            throw new AssertionError("shutdown failed", e);
        } finally {
            supervisor.close();
            if (output != null) output.close();
            loop.close();
            watcher.close();
        }
    }

    static boolean alive(int pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && !isZombie(pid);
    }

    static boolean isZombie(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    static boolean awaitGone(int pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive(pid)) return true;
            Thread.sleep(20);
        }
        return !alive(pid);
    }
}
