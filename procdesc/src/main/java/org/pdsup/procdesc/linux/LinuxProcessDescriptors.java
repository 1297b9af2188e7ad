package org.pdsup.procdesc.linux;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.pdsup.procdesc.ExecHelper;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;
import org.pdsup.procdesc.StartedSpawn;
import org.pdsup.procdesc.posix.Posix;

/**
 * The Linux backend: pidfds (kernel 5.3+; waitid P_PIDFD 5.4+), glibc 2.36+ (pidfd_open, pidfd_send_signal,
 * posix_spawn_file_actions_addclosefrom_np), epoll. Chosen by {@code ProcessDescriptors.system()} on Linux.
 *
 * <p><b>Parent-death signal.</b> Non-daemon services get PR_SET_PDEATHSIG(SIGKILL) from the exec helper, so a
 * {@code kill -9} of the JVM takes them along. In {@link SpawnMode#DIRECT} mode Linux sends that signal when the
 * <em>thread</em> that called {@link #spawn} ends: spawn only from a thread that lives as long as the processes.
 * In {@link SpawnMode#HELPER_FORK} mode the service is re-parented to the JVM process (the subreaper) before it
 * sets the signal, so it is tied to the JVM's main thread instead; in {@link SpawnMode#FORK_SERVER} mode the
 * server is, and the services it clones share its parent.
 *
 * <p><b>Other users of wait.</b> Do not mix {@link #reapOrphans()} with {@code java.lang.Process}: an exited
 * {@code Process} child is not tracked here and would be reaped, leaving {@code Process} without its status.
 */
public final class LinuxProcessDescriptors implements ProcessDescriptors {
    private final SpawnMode mode;
    private final LinuxSpawner spawner;

    /** The mode named by system property {@value SpawnMode#PROPERTY} ({@code fork-server} by default). */
    public LinuxProcessDescriptors() {
        this(SpawnMode.fromSystemProperty());
    }

    private LinuxProcessDescriptors(SpawnMode mode) {
        this.mode = mode;
        this.spawner = new LinuxSpawner(mode);
    }

    /** A backend that spawns in {@code mode}, whatever the system property says (tests use both modes). */
    public static LinuxProcessDescriptors withMode(SpawnMode mode) {
        return new LinuxProcessDescriptors(mode);
    }

    public SpawnMode mode() {
        return mode;
    }

    @Override
    public ProcessDescriptor spawn(SpawnSpec spec) throws SpawnException {
        return spawner.spawn(spec);
    }

    /** In {@link SpawnMode#FORK_SERVER} mode, the exchange with a running, free fork server; else null. */
    @Override
    public StartedSpawn startQuickly(SpawnSpec spec) throws SpawnException {
        return spawner.startQuickly(spec);
    }

    /**
     * pidfd_open(pid), then the start time in /proc/PID/stat must equal {@code expectedStartTime} to the clock
     * tick. The result never kills on close and reports {@link org.pdsup.procdesc.ExitStatus#unknown()}.
     */
    @Override
    public ProcessDescriptor adopt(int pid, Instant expectedStartTime) {
        if (pid <= 0) throw new NoSuchProcessException("no process " + pid);
        int fd = Pidfd.open(pid);
        if (fd < 0) {
            int e = Linux.errno();
            if (e == LinuxConstants.ESRCH) throw new NoSuchProcessException("no process " + pid);
            throw Linux.failure("pidfd_open(" + pid + ")", e);
        }
        Optional<ProcStat> stat = ProcStat.read(pid);
        if (stat.isEmpty()) {
            Posix.libc().close(fd);
            throw new NoSuchProcessException("process " + pid + " has exited");
        }
        Instant actual = stat.get().startTime();
        if (expectedStartTime != null) {
            Duration diff = Duration.between(expectedStartTime, actual).abs();
            if (diff.toNanos() >= ProcStat.tickNanos()) {
                Posix.libc().close(fd);
                throw new NoSuchProcessException("process " + pid + " started at " + actual + ", not at "
                        + expectedStartTime + ": the PID now names another process");
            }
        }
        if (expectedStartTime == null && stat.get().ppid() == ProcessHandle.current().pid()) {
            // Our own child (a forking daemon re-parented to us as subreaper): its status is ours to read,
            // and nothing else may reap it now that a descriptor tracks it.
            ChildRegistry.track(pid);
            return new LinuxProcessDescriptor(pid, fd, false, false, 0, actual);
        }
        return new LinuxProcessDescriptor(pid, fd, true, true, Long.MAX_VALUE, actual);
    }

    /**
     * The inherited pidfd {@code fd} must name {@code pid}: the {@code Pid:} line of /proc/self/fdinfo/FD
     * (kernel 5.4+; -1 once the process is reaped, and a zombie child still shows its PID).
     */
    @Override
    public ProcessDescriptor inherit(int fd, int pid, boolean daemon, boolean adopted, Instant startTime) {
        int named = InheritedPidfd.pidOf(fd);
        if (named != pid) {
            throw new NoSuchProcessException("descriptor " + fd + " names process " + named + ", not " + pid);
        }
        if (!adopted) ChildRegistry.track(pid);
        // Every child of the fork server, and a non-daemon in helper-fork mode, was forked from a small process;
        // anything else may have been posix_spawned by the previous program, whose peak this process's own
        // ru_maxrss still includes after the exec.
        long floor = adopted ? Long.MAX_VALUE
                : mode == SpawnMode.FORK_SERVER || !daemon && mode == SpawnMode.HELPER_FORK ? 0
                : SupervisorPeak.kib();
        return new LinuxProcessDescriptor(pid, fd, daemon, adopted, floor, startTime);
    }

    /** Linux ties a child's parent-death signal to the thread that is its parent (prctl(2)). */
    @Override
    public String replaceProcessRefusal() {
        return InheritedPidfd.firstThread() ? null
                : "this thread is not the process's first thread: an exec from here would end the first thread, "
                        + "and with it every service through its parent-death signal (start pdsupd with the "
                        + "launcher, which runs it through libexec/pdsup-jvm)";
    }

    @Override
    public ExitWatcher newExitWatcher(String threadName) {
        return new LinuxExitWatcher(threadName);
    }

    @Override
    public void becomeSubreaper() {
        Subreaper.ensure();
    }

    @Override
    public int reapOrphans() {
        return OrphanReaper.reap();
    }

    /** {@code waitid(P_ALL, WEXITED|WNOHANG|WNOWAIT)}: a zombie child exists, or none does (no lock). */
    @Override
    public boolean exitedChildWaiting() {
        return OrphanReaper.exitedChildWaiting();
    }

    /** A signalfd on the exit watcher's epoll when SIGCHLD is blocked in every thread ({@link ChildSignalFd}). */
    @Override
    public boolean watchChildSignal(ExitWatcher watcher, Runnable onChild) {
        return ChildSignalFd.watch(watcher, onChild);
    }

    /** signal(SIGCHLD, SIG_DFL) (signal.h): an ignored SIGCHLD would let the kernel discard exit statuses. */
    @Override
    public void resetChildSignal() {
        long previous = Linux.libc().signal(LinuxSignals.number(Signal.CHLD), LinuxConstants.SIG_DFL);
        if (previous == -1L) throw Linux.failure("signal(SIGCHLD, SIG_DFL)", Linux.errno());
    }

    @Override
    public Pipe pipe() {
        int[] fds = new int[2];
        if (Posix.libc().pipe2(fds, LinuxConstants.O_CLOEXEC) != 0) {
            throw Linux.failure("pipe2(O_CLOEXEC)", Linux.errno());
        }
        return new Pipe(fds[0], fds[1]);
    }

    @Override
    public int signalNumber(Signal signal) {
        return LinuxSignals.number(signal);
    }

    @Override
    public Optional<Signal> signalOf(int n) {
        return LinuxSignals.of(n);
    }

    @Override
    public String describe() {
        String helper;
        try {
            helper = ExecHelper.locate().toString();
        } catch (SpawnException e) {
            helper = "missing (" + e.getMessage() + ")";
        }
        String glibc;
        try {
            glibc = Linux.libc().gnu_get_libc_version();
        } catch (RuntimeException | LinkageError e) {
            glibc = "unknown";
        }
        return "linux pidfd backend, kernel " + System.getProperty("os.version") + ", glibc " + glibc
                + ", spawn mode " + mode + switch (mode) {
                    case FORK_SERVER -> " (a pdsup-exec fork server clones each service, CLONE_PARENT + pidfd; max RSS"
                            + " from wait4)";
                    case HELPER_FORK -> " (posix_spawn pdsup-exec, fork + pidfd_open + SCM_RIGHTS, subreaper; max RSS"
                            + " from wait4)";
                    case DIRECT -> " (posix_spawn pdsup-exec execs in place + pidfd_open; max RSS not reported)";
                }
                + ", exec helper " + helper;
    }
}
