package org.pdsup.procdesc.freebsd;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;
import org.pdsup.procdesc.UnsupportedPlatformException;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * The FreeBSD backend of {@link ProcessDescriptors}: process descriptors (pdfork(2) family), kqueue, procctl
 * reaper, all through jnr-ffi. Loaded by name from {@code Backends}; its constructor refuses any system but
 * FreeBSD on amd64/arm64 with {@link UnsupportedPlatformException}, before touching the C library.
 *
 * <p>At construction it probes libc for what it needs and for the optional symbols
 * ({@code posix_spawnattr_setprocdescp_np}, {@code pdwait}, {@code posix_spawn_file_actions_addchdir_np}),
 * checks the kevent ABI ({@link KqueueAbiCheck}), finds the exec helper and chooses the {@link SpawnPath};
 * {@link #describe()} reports all of it. See docs/procdesc-freebsd.md.
 */
public final class FreeBsdProcessDescriptors implements ProcessDescriptors {
    /** Symbols without which the backend cannot work (all in FreeBSD 14.0's libc). */
    static final List<String> REQUIRED_SYMBOLS = List.of("pdkill", "pdgetpid", "kqueue", "kevent", "procctl", "fstat",
            "wait4", "sysctl", "posix_spawn", "posix_spawnattr_setsigmask", "posix_spawnattr_setsigdefault",
            "posix_spawn_file_actions_addclosefrom_np", "pipe2", "socketpair", "recvmsg", "send");

    private final FreeBsdLibc libc;
    private final String libraryName;
    private final boolean hasPdwait;
    private final boolean hasProcdescp;
    private final boolean hasChdir;
    private final Optional<Path> helper;
    private final SpawnPath path;
    private final FreeBsdSpawner spawner;
    private final AtomicBoolean reaper = new AtomicBoolean();

    /**
     * @throws UnsupportedPlatformException when not on FreeBSD amd64/arm64, when libc lacks a required symbol,
     *                                      when the kevent ABI check fails, or when a forced spawn path is
     *                                      unavailable
     */
    public FreeBsdProcessDescriptors() {
        PlatformCheck.requireFreeBsd(System.getProperty("os.name"), System.getProperty("os.arch"));
        SymbolProbe probe = SymbolProbe.libc();
        this.libraryName = probe.libraryName();
        List<String> missing = REQUIRED_SYMBOLS.stream().filter(s -> !probe.has(s)).toList();
        if (!missing.isEmpty()) {
            throw new UnsupportedPlatformException(libraryName + " lacks " + String.join(", ", missing)
                    + ": the FreeBSD backend needs FreeBSD 14.0 or later");
        }
        this.libc = FreeBsdNative.libc();
        this.hasPdwait = probe.has("pdwait");
        this.hasProcdescp = probe.has("posix_spawnattr_setprocdescp_np");
        this.hasChdir = probe.has("posix_spawn_file_actions_addchdir_np");
        try {
            KqueueAbiCheck.run(libc);
        } catch (RuntimeException e) {
            throw new UnsupportedPlatformException(e.getMessage());
        }
        this.helper = ExecHelperLocator.find();
        try {
            this.path = SpawnPath.choose(System.getProperty(SpawnPath.PROPERTY), hasProcdescp, helper.isPresent());
        } catch (IllegalArgumentException e) {
            throw new UnsupportedPlatformException(e.getMessage());
        }
        this.spawner = new FreeBsdSpawner(libc, path, helper, hasPdwait, this::ensureReaper);
    }

    /** The spawn path chosen at start. */
    public SpawnPath spawnPath() {
        return path;
    }

    @Override
    public ProcessDescriptor spawn(SpawnSpec spec) throws SpawnException {
        if (spec.directory() != null && !hasChdir) {
            throw new SpawnException("cannot start " + spec.executable() + " in " + spec.directory() + ": " + libraryName
                    + " has no posix_spawn_file_actions_addchdir_np", ENOSYS, "chdir", false);
        }
        return spawner.spawn(spec);
    }

    @Override
    public ProcessDescriptor adopt(int pid, Instant expectedStartTime) {
        return AdoptedProcess.adopt(libc, pid, expectedStartTime);
    }

    /** pdgetpid(2) on the inherited descriptor must give {@code pid}; a re-adopted one is adopted again. */
    @Override
    public ProcessDescriptor inherit(int fd, int pid, boolean daemon, boolean adopted, Instant startTime) {
        if (adopted) {
            FreeBsdFds.closeQuietly(libc, fd);
            return AdoptedProcess.adopt(libc, pid, startTime);
        }
        return spawner.inherit(fd, pid, daemon);
    }

    @Override
    public ExitWatcher newExitWatcher(String threadName) {
        return new KqueueExitWatcher(libc, threadName);
    }

    /** {@code procctl(P_PID, 0, PROC_REAP_ACQUIRE, NULL)}; already being the reaper (EBUSY) is fine. */
    @Override
    public void becomeSubreaper() {
        if (libc.procctl(P_PID, 0L, PROC_REAP_ACQUIRE, null) != 0) {
            int e = FreeBsdNative.errno();
            if (e != EBUSY) throw new NativeCallException("procctl(P_PID, 0, PROC_REAP_ACQUIRE)", e);
        }
        reaper.set(true);
    }

    private void ensureReaper() {
        if (!reaper.get()) becomeSubreaper();
    }

    @Override
    public int reapOrphans() {
        ensureReaper(); // PROC_REAP_GETPIDS lists the caller's descendants only when it is a reaper
        return spawner.reapOrphans();
    }

    @Override
    public void resetChildSignal() {
        if (libc.signal(SIGCHLD, SIG_DFL) == -1L) {
            throw new NativeCallException("signal(SIGCHLD, SIG_DFL)", FreeBsdNative.errno());
        }
    }

    @Override
    public Pipe pipe() {
        return FreeBsdFds.pipe(libc);
    }

    @Override
    public int signalNumber(Signal signal) {
        return FreeBsdSignals.number(signal);
    }

    @Override
    public Optional<Signal> signalOf(int n) {
        return FreeBsdSignals.of(n);
    }

    @Override
    public String describe() {
        return describe(libraryName, path, helper, hasPdwait, hasProcdescp);
    }

    static String describe(String library, SpawnPath path, Optional<Path> helper, boolean pdwait, boolean procdescp) {
        String spawn = switch (path) {
            case PROCDESC_ATTR -> "posix_spawn + posix_spawnattr_setprocdescp_np (descriptor from libc)";
            case EXEC_HELPER -> "exec helper " + helper.map(Path::toString).orElse("?")
                    + " (pdfork + SCM_RIGHTS, procctl reaper)";
            case PID_ONLY -> "PID-ONLY FALLBACK (EVFILT_PROC on PIDs, no kill-on-close: "
                    + (procdescp ? "" : "no posix_spawnattr_setprocdescp_np, ")
                    + "no exec helper" + (helper.isPresent() ? " forced off" : " found") + ")";
        };
        return "freebsd procdesc backend (" + library + "): spawn=" + path.id() + " via " + spawn
                + "; exit status via " + (pdwait ? "pdwait" : "wait4(pid) (no pdwait in libc)")
                + "; events via kqueue EVFILT_PROCDESC" + (path == SpawnPath.PID_ONLY ? "/EVFILT_PROC" : "")
                + "; exec helper " + helper.map(Path::toString).orElse("not found");
    }
}
