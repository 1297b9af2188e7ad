package org.pdsup.daemon.supervisor.probe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.Fds;
import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.SpawnSpec;

/**
 * Passes when a command exits 0 within the timeout. The command is spawned like a service (through the exec
 * helper, with the credentials, limits, directory and environment of {@code spec}) as the leader of a session of
 * its own, with stdout and stderr on one pipe; its exit comes from the kernel-event thread. At the timeout its
 * whole process group gets SIGKILL and the check fails. After the exit, the first {@value #MAX_OUTPUT} bytes in
 * the pipe go to {@code output}, line by line (a descendant that keeps the pipe open does not delay the check).
 */
public final class ExecProbe implements Probe {
    /** Output of one check that is kept; more than a pipe holds (64 KiB on Linux) blocks the command until killed. */
    static final int MAX_OUTPUT = 4096;
    /** How long to wait for the exit after SIGKILL before closing the descriptor (which kills and reaps). */
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);

    private final ProcessDescriptors procdesc;
    private final ExitWatcher watcher;
    private final SpawnSpec spec;
    private final Duration timeout;
    private final Consumer<String> output;
    private final Runnable exitCollected;

    /**
     * @param spec          the command, its credentials (setsid is forced on), environment and directory
     * @param output        receives each line the command wrote (any thread)
     * @param exitCollected told after each exit is collected (an orphan's zombie may stand behind it)
     */
    public ExecProbe(ProcessDescriptors procdesc, ExitWatcher watcher, SpawnSpec spec, Duration timeout,
                     Consumer<String> output, Runnable exitCollected) {
        this.procdesc = procdesc;
        this.watcher = watcher;
        this.spec = spec;
        this.timeout = timeout;
        this.output = output;
        this.exitCollected = exitCollected;
    }

    @Override
    public ProbeResult run() {
        Instant at = Instant.now();
        long t0 = System.nanoTime();
        Pipe pipe;
        try {
            pipe = procdesc.pipe();
        } catch (RuntimeException e) {
            return ProbeResult.of(false, describe() + ": cannot make its output pipe: " + e.getMessage(), at, t0);
        }
        ProcessDescriptor pd;
        try {
            pd = procdesc.spawn(withPipe(pipe.writeFd()));
        } catch (Exception e) {
            Fds.close(pipe.readFd());
            Fds.close(pipe.writeFd());
            return ProbeResult.of(false, describe() + ": cannot start: " + e.getMessage(), at, t0);
        }
        Fds.close(pipe.writeFd()); // the child has its copy; ours would keep the pipe open forever
        try {
            CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
            watcher.watch(pd, (process, status) -> exit.complete(status));
            ExitStatus status;
            String timedOut = null;
            try {
                status = exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                timedOut = describe() + ": no exit within " + Timeouts.format(timeout) + " (killed)";
                kill(pd);
                status = awaitAfterKill(exit);
            }
            exitCollected.run();
            drain(pipe.readFd());
            if (timedOut != null) return ProbeResult.of(false, timedOut, at, t0);
            if (status != null && status.kind() == ExitStatus.Kind.EXITED && status.code() == 0) {
                return ProbeResult.of(true, describe() + ": exit 0", at, t0);
            }
            return ProbeResult.of(false, describe() + ": " + (status == null ? "exit unknown" : status), at, t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(pd);
            return ProbeResult.of(false, describe() + ": interrupted", at, t0);
        } catch (ExecutionException e) {
            return ProbeResult.of(false, describe() + ": " + e.getCause(), at, t0);
        } finally {
            watcher.unwatch(pd);
            pd.close();
            Fds.close(pipe.readFd());
        }
    }

    private SpawnSpec withPipe(int writeFd) {
        var c = spec.credentials();
        var credentials = new org.pdsup.procdesc.ExecOptions(c.uid(), c.gid(), c.groups(), c.umask(), c.nice(),
                c.rlimits(), true, c.loginClass());
        return new SpawnSpec(spec.executable(), spec.argv(), spec.environment(), spec.directory(), Redirect.devNull(),
                Redirect.fd(writeFd), Redirect.fd(writeFd), spec.passFds(), false, credentials);
    }

    private static void kill(ProcessDescriptor pd) {
        try {
            pd.signalGroup(Signal.KILL);
        } catch (RuntimeException e) {
            // the group is gone already (or was never made): the process itself
        }
        try {
            pd.signal(Signal.KILL);
        } catch (NoSuchProcessException e) {
            // exited meanwhile
        } catch (RuntimeException e) {
            // closing the descriptor kills it
        }
    }

    private static ExitStatus awaitAfterKill(CompletableFuture<ExitStatus> exit) throws InterruptedException {
        try {
            return exit.get(AFTER_KILL.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null; // closing the descriptor below kills and reaps it
        }
    }

    /** What the command wrote, without waiting for the pipe's end. */
    private void drain(int fd) {
        byte[] buf = new byte[MAX_OUTPUT];
        int len = 0;
        try {
            Fds.setNonBlocking(fd);
            while (len < buf.length) {
                int n = Fds.read(fd, buf, len, buf.length - len);
                if (n <= 0) break;
                len += n;
            }
        } catch (RuntimeException e) {
            // what was read is kept
        }
        if (len == 0) return;
        String text = new String(buf, 0, len, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) output.accept(line);
        }
        if (len == buf.length) output.accept("[output after " + MAX_OUTPUT + " bytes not kept]");
    }

    @Override
    public String describe() {
        return "exec " + String.join(" ", spec.argv());
    }
}
