package org.pdsup.daemon.reexec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.pdsup.config.ConfigException;
import org.pdsup.config.PdsupConfig;
import org.pdsup.daemon.logging.BoundedStdout;
import org.pdsup.daemon.supervisor.HandoverState;
import org.pdsup.daemon.supervisor.Supervisor;
import org.pdsup.daemon.supervisor.SupervisorHandover;
import org.pdsup.procdesc.Fds;
import org.pdsup.procdesc.ListeningSockets;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.ProcessReplacement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pdctl reexec} and SIGUSR2: pdsupd replaces its program with whatever the launcher would start now, in the
 * same process, handing over every service (docs/architecture.md, "Live re-exec").
 *
 * <p>Everything that can refuse is asked before anything changes, so a refusal leaves this program running
 * unchanged and says why: this thread must be the process's first ({@link
 * ProcessDescriptors#replaceProcessRefusal}); the configuration must load and name the same services; the
 * control socket's listening descriptor must be found; and the new program must accept a handover of the present
 * services and the configuration ({@code --check-config --check-handover}). Then the control server stops
 * accepting and answers {@code restarting}, the supervisor hands over (see {@code supervisor/Handover}), the
 * state is encoded and read back, and the process execs. The exec happens on the main thread, which is the
 * process's first thread under {@code libexec/pdsup-jvm}.
 */
public final class Reexec {
    private static final Logger LOG = LoggerFactory.getLogger(Reexec.class);
    /** The longest wait for the log's queued lines before the exec. */
    private static final java.time.Duration LOG_FLUSH = java.time.Duration.ofMillis(500);
    /** Writes this format version instead of the real one: only for tests of the refusal. */
    static final String WRITE_VERSION_PROPERTY = "pdsup.handover.write-version";

    /** The control and metrics servers' part. */
    public interface Servers {
        /** Where the control listener is bound (getsockname), to find its descriptor. */
        Path controlBoundPath();

        /** Stop accepting, answer {@code restarting}, end every stream saying so. */
        void beginHandover();

        /** The exec did not happen: serve as before. */
        void endHandover();

        /** Answers already computed are written out (just before the exec). */
        void drain();

        /** New connections wait in the backlog (the checks passed; before the requester is answered). */
        void stopAccepting();

        /** Listeners besides the control socket to hand over (after {@link #drain}). */
        default List<HandoverState.ListenerRecord> listeners() {
            return List.of();
        }
    }

    private final Supervisor supervisor;
    private final Supervisor.ConfigSource configSource;
    private final ProcessDescriptors procdesc;
    private final Path stateDir;
    private final Servers servers;
    private final Consumer<Runnable> mainThread;
    private final NextProgram next;
    private final AtomicBoolean underWay = new AtomicBoolean();

    /** @param mainThread runs a task on pdsupd's main thread, the one that may exec */
    public Reexec(Supervisor supervisor, Supervisor.ConfigSource configSource, ProcessDescriptors procdesc,
                  Path stateDir, Servers servers, Consumer<Runnable> mainThread, List<String> daemonArgs) {
        this.supervisor = supervisor;
        this.configSource = configSource;
        this.procdesc = procdesc;
        this.stateDir = stateDir;
        this.servers = servers;
        this.mainThread = mainThread;
        this.next = new NextProgram(daemonArgs);
    }

    /**
     * Checks on the main thread; completes with what starts the handover and the exec (run it once the requester
     * has been answered), or exceptionally with a {@link HandoverException} saying why not.
     */
    public CompletableFuture<Runnable> request(String by) {
        CompletableFuture<Runnable> verdict = new CompletableFuture<>();
        if (!underWay.compareAndSet(false, true)) {
            verdict.completeExceptionally(new HandoverException("a re-exec is already under way"));
            return verdict;
        }
        LOG.info("re-exec asked by {}: checking {}", by, next.describe());
        mainThread.accept(() -> {
            int controlFd;
            try {
                controlFd = check();
            } catch (HandoverException | RuntimeException e) {
                underWay.set(false);
                LOG.error("re-exec refused; pdsupd goes on unchanged: {}", e.getMessage());
                verdict.completeExceptionally(e instanceof HandoverException ? e
                        : new HandoverException(String.valueOf(e.getMessage()), e));
                return;
            }
            servers.stopAccepting();
            verdict.complete(() -> mainThread.accept(() -> handOverAndExec(controlFd)));
        });
        return verdict;
    }

    /** Returns the control socket's listening descriptor. */
    private int check() throws HandoverException {
        String refusal = procdesc.replaceProcessRefusal();
        if (refusal != null) throw new HandoverException("cannot re-exec: " + refusal);
        PdsupConfig cfg;
        try {
            cfg = configSource.load();
        } catch (ConfigException e) {
            throw new HandoverException("the configuration has " + e.errors().size() + " error"
                    + (e.errors().size() == 1 ? "" : "s") + ": " + String.join("; ",
                    e.errors().stream().map(Object::toString).toList()), true);
        }
        Set<String> now = supervisor.handover().serviceNames();
        Set<String> onDisk = cfg.services().keySet();
        if (!now.equals(onDisk)) {
            List<String> added = onDisk.stream().filter(n -> !now.contains(n)).toList();
            List<String> removed = now.stream().filter(n -> !onDisk.contains(n)).toList();
            throw new HandoverException("the configuration on disk " + (added.isEmpty() ? "" : "adds " + added
                    + (removed.isEmpty() ? "" : " and ")) + (removed.isEmpty() ? "" : "removes " + removed)
                    + ": apply it with pdctl reload first, then re-exec");
        }
        Path bound = servers.controlBoundPath();
        if (bound == null) throw new HandoverException("the control socket is not listening");
        int controlFd = ListeningSockets.unixListener(bound).orElseThrow(() -> new HandoverException(
                "cannot find the listening descriptor of the control socket (bound as " + bound + ")"));
        String refused = next.refusal(procdesc, stateDir, encode(probe(now)));
        if (refused != null) throw new HandoverException(refused);
        return controlFd;
    }

    private void handOverAndExec(int controlFd) {
        long t0 = System.nanoTime();
        // before the streams end: followers see it
        supervisor.handover().daemonEvent("re-exec: handing over to " + next.describe()).join();
        servers.beginHandover();
        SupervisorHandover.Prepared prepared;
        try {
            prepared = supervisor.handover().prepare().get();
        } catch (ExecutionException | InterruptedException e) {
            servers.endHandover();
            underWay.set(false);
            LOG.error("re-exec failed while handing over; pdsupd goes on unchanged: {}", e.toString());
            return;
        }
        int handoverFd = -1;
        int savedStdin = -1;
        try {
            servers.drain();
            HandoverState state = prepared.state().withListeners(servers.listeners());
            byte[] bytes = encode(state);
            HandoverCodec.decode(bytes); // what the next program will read must read back here
            SortedSet<Integer> keep = new TreeSet<>(state.descriptors());
            for (int fd : keep) {
                if (!isOpen(fd)) throw new HandoverException("descriptor " + fd + " to hand over is not open");
            }
            Path file = stateDir.resolve("handover." + ProcessHandle.current().pid());
            Files.write(file, bytes);
            handoverFd = ProcessReplacement.openForReading(file);
            Files.delete(file);
            keep.add(handoverFd);
            List<String> argv = next.argv(handoverFd);
            savedStdin = ProcessReplacement.dup(0);
            ProcessReplacement.dup2(controlFd, 0); // the next program's System.inheritedChannel()
            LOG.info("re-exec: handing over {} services ({} descriptors, {} bytes of state) after {} ms; exec {}",
                    state.services().size(), keep.size(), bytes.length, (System.nanoTime() - t0) / 1_000_000,
                    String.join(" ", argv));
            // the log's queued lines go with this program: written first (bounded: a stopped reader of standard
            // output must not hold the services' handover up for long)
            BoundedStdout.flushRoot(LOG_FLUSH);
            ProcessReplacement.replace(argv, Map.copyOf(System.getenv()), keep);
        } catch (HandoverException | IOException | RuntimeException e) {
            if (savedStdin >= 0) {
                ProcessReplacement.dup2(savedStdin, 0);
                Fds.close(savedStdin);
            }
            if (handoverFd >= 0) Fds.close(handoverFd);
            prepared.release().run();
            servers.endHandover();
            underWay.set(false);
            LOG.error("re-exec failed; pdsupd goes on unchanged: {}", e.getMessage());
        }
    }

    private static boolean isOpen(int fd) {
        try {
            ProcessReplacement.closeOnExec(fd);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static HandoverState probe(Set<String> services) {
        List<HandoverState.ServiceRecord> records = new ArrayList<>();
        for (String n : services) {
            records.add(new HandoverState.ServiceRecord(n, "STOPPED", null, java.time.Instant.now(), false, null,
                    false, 0, 0, Map.of(), 0, 0, null, null, 0, List.of(), -1));
        }
        return new HandoverState(java.time.Instant.now(), 1, List.of(), records);
    }

    private static byte[] encode(HandoverState s) {
        String v = System.getProperty(WRITE_VERSION_PROPERTY);
        return v == null ? HandoverCodec.encode(s) : HandoverCodec.encode(s, Integer.parseInt(v.trim()));
    }
}
