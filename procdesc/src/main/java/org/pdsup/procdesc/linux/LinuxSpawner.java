package org.pdsup.procdesc.linux;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pdsup.procdesc.ExecHelper;
import org.pdsup.procdesc.ExecOptions;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;
import org.pdsup.procdesc.StartedSpawn;
import org.pdsup.procdesc.posix.Posix;

/**
 * Starts processes on Linux without forking the JVM (DESIGN.md "Spawning from the JVM").
 *
 * <p>In both modes a spec that needs nothing of the helper ({@link #needsHelper}) is spawned without it: posix_spawn
 * runs the program itself (POSIX_SPAWN_SETSID for setsid), then pidfd_open(pid), race-free because an unreaped
 * child's PID cannot be reused and only we can reap it.
 * <ul>
 * <li>{@link SpawnMode#DIRECT}: posix_spawn runs {@code pdsup-exec}, which applies the exec options and execs
 *     the service in place; then pidfd_open(pid).</li>
 * <li>{@link SpawnMode#HELPER_FORK}: posix_spawn runs {@code pdsup-exec -F sock}; the helper forks, opens a pidfd
 *     on its child, sends it with SCM_RIGHTS and the PID, and exits. The JVM (subreaper) receives it, reaps the
 *     helper, so the child is now the JVM's own child, and only then writes the go byte that lets the child
 *     apply the exec options and exec.</li>
 * </ul>
 * In both modes a failure between spawn and exec arrives as one line on a close-on-exec status pipe that is read
 * to end of file (end of file alone = the exec succeeded); the failed child is reaped before the
 * {@link SpawnException} is thrown.
 */
final class LinuxSpawner {
    static final byte[] GO = {'G'};
    private final SpawnMode mode;

    LinuxSpawner(SpawnMode mode) {
        this.mode = mode;
    }

    /** {@link LinuxProcessDescriptors#startQuickly}: only the fork server's exchange is quick. */
    StartedSpawn startQuickly(SpawnSpec spec) throws SpawnException {
        if (mode != SpawnMode.FORK_SERVER || !spec.executable().isAbsolute()) return null;
        return ForkServerSpawner.startQuickly(spec);
    }

    LinuxProcessDescriptor spawn(SpawnSpec spec) throws SpawnException {
        Path exe = spec.executable();
        if (!exe.isAbsolute()) {
            throw new SpawnException("cannot execute " + exe + ": not an absolute path", LinuxConstants.ENOENT,
                    "exec", false);
        }
        if (mode == SpawnMode.FORK_SERVER) return ForkServerSpawner.spawn(spec);
        boolean useHelper = needsHelper(spec);
        boolean helperFork = useHelper && mode == SpawnMode.HELPER_FORK;
        Path helper = useHelper ? ExecHelper.locate() : null;
        if (helperFork) Subreaper.ensure();
        List<String> env = environment(spec);

        List<Integer> parentSide = new ArrayList<>();
        int[] statusPipe = null;
        int[] sockets = null;
        Lock lock = ChildRegistry.lock().readLock();
        lock.lock();
        try {
            List<PosixSpawn.Move> moves = moves(spec, parentSide, false);
            int next = spec.highestChildFd() + 1;
            int statusChild = -1;
            int socketChild = -1;
            if (useHelper) {
                statusPipe = pipe();
                parentSide.add(statusPipe[1]);
                moves.add(new PosixSpawn.Move(statusPipe[1], next));
                statusChild = next++;
            }
            if (helperFork) {
                sockets = socketPair();
                parentSide.add(sockets[1]);
                moves.add(new PosixSpawn.Move(sockets[1], next));
                socketChild = next++;
            }
            List<String> argv = useHelper
                    ? ExecHelper.arguments(helper, spec, new ExecHelper.Wiring(statusChild, socketChild,
                            spec.daemon() ? 0 : LinuxSignals.number(org.pdsup.procdesc.Signal.KILL),
                            ProcessHandle.current().pid()))
                    : spec.argv();
            String path = useHelper ? helper.toString() : exe.toString();
            String dir = spec.directory() == null ? null : spec.directory().toString();
            int pid;
            try {
                pid = PosixSpawn.spawn(path, argv, env, moves, dir, next, !useHelper && spec.credentials().setsid());
            } catch (PosixSpawn.Failed f) {
                throw posixSpawnFailure(f.errno, spec, helper);
            }
            closeAll(parentSide);
            return helperFork
                    ? handOff(spec, pid, sockets[0], statusPipe[0])
                    : direct(spec, pid, statusPipe == null ? -1 : statusPipe[0], useHelper);
        } finally {
            closeAll(parentSide);
            if (statusPipe != null) Posix.libc().close(statusPipe[0]);
            if (sockets != null) Posix.libc().close(sockets[0]);
            lock.unlock();
        }
    }

    /**
     * Whether {@code spec} needs the exec helper: for a parent-death signal (every non-daemon: posix_spawn has no
     * attribute for it, and a new process never inherits one), {@code LISTEN_PID}, or any exec option but setsid
     * (which posix_spawn does itself). Descriptor moves, the working directory, signal dispositions and the
     * environment are posix_spawn's own work.
     */
    static boolean needsHelper(SpawnSpec spec) {
        return !spec.daemon() || spec.listenPid() || !spec.credentials().withSetsid(false).equals(ExecOptions.NONE);
    }

    /** posix_spawn ran the service (or the helper, which execs it in place): open the pidfd, await the exec. */
    private LinuxProcessDescriptor direct(SpawnSpec spec, int pid, int statusRead, boolean useHelper)
            throws SpawnException {
        long peak = SupervisorPeak.kib(); // after the exec posix_spawn waited for: see SupervisorPeak
        int pidfd = Pidfd.open(pid);
        if (pidfd < 0) {
            int e = Linux.errno();
            Posix.libc().kill(pid, LinuxSignals.number(org.pdsup.procdesc.Signal.KILL)); // unreaped: still ours
            reapBlocking(pid);
            throw new SpawnException("cannot open a pidfd for " + spec.executable() + ": " + Linux.describe(e), e,
                    "pidfd_open", LinuxErrno.isTransient(e));
        }
        ChildRegistry.track(pid);
        if (useHelper) {
            ExecHelper.Failure failure = ExecHelper.parse(readToEnd(statusRead));
            if (failure != null) {
                reapBlocking(pid);
                ChildRegistry.untrack(pid);
                Posix.libc().close(pidfd);
                throw exception(failure, spec);
            }
        }
        return new LinuxProcessDescriptor(pid, pidfd, spec.daemon(), false, peak, startTime(pid));
    }

    /**
     * The helper forks and passes the child's pidfd; reap the helper, then let the child go. The helper exits
     * right after its one message (or without one, on failure), so it is reaped first and the message, which
     * the socket keeps (a descriptor in flight stays valid), read after: this thread then waits once, for the
     * helper's exit, not twice (for the message, then for the exit). docs/benchmarks.md, "Restart path".
     */
    private LinuxProcessDescriptor handOff(SpawnSpec spec, int helperPid, int socket, int statusRead)
            throws SpawnException {
        int helperStatus = reapBlocking(helperPid);
        DescriptorReceiver.Received received;
        try {
            received = DescriptorReceiver.receive(socket);
        } catch (RuntimeException e) {
            // a child that was forked gets end of file instead of the go byte when the socket closes, and exits
            throw new SpawnException("exec helper hand-off failed for " + spec.executable() + ": " + e.getMessage(),
                    0, "handoff", false);
        }
        if (received == null) {
            ExecHelper.Failure failure = ExecHelper.parse(readToEnd(statusRead));
            if (failure != null) throw exception(failure, spec);
            throw new SpawnException("exec helper exited without starting " + spec.executable() + " ("
                    + WaitStatus.decode(helperStatus, null) + ")", 0, "helper", false);
        }
        int pid = received.pid();
        int pidfd = received.fd();
        ChildRegistry.track(pid);
        // the helper is reaped, so its child has been reparented to us (the subreaper): let it apply and exec
        long w = Posix.libc().write(socket, GO, 1);
        if (w != 1) {
            int e = Linux.errno();
            Pidfd.sendSignal(pidfd, LinuxSignals.number(org.pdsup.procdesc.Signal.KILL));
            reapBlocking(pid);
            ChildRegistry.untrack(pid);
            Posix.libc().close(pidfd);
            throw new SpawnException("cannot release " + spec.executable() + " from the exec helper: "
                    + Linux.describe(e), e, "handoff", false);
        }
        ExecHelper.Failure failure = ExecHelper.parse(readToEnd(statusRead));
        if (failure != null) {
            reapBlocking(pid);
            ChildRegistry.untrack(pid);
            Posix.libc().close(pidfd);
            throw exception(failure, spec);
        }
        return new LinuxProcessDescriptor(pid, pidfd, spec.daemon(), false, 0, startTime(pid));
    }

    static SpawnException exception(ExecHelper.Failure failure, SpawnSpec spec) {
        return ExecHelper.exception(failure, spec.executable(), Posix::strerror, LinuxErrno::name,
                LinuxErrno::isTransient);
    }

    /**
     * posix_spawn itself failed. It runs our file actions and the exec of {@code helper} (or of the program);
     * descriptors were checked beforehand, so with a working directory the chdir is the suspect.
     */
    private static SpawnException posixSpawnFailure(int errno, SpawnSpec spec, Path helper) {
        String reason = Linux.describe(errno);
        Path exe = spec.executable();
        if (LinuxErrno.isTransient(errno)) {
            return new SpawnException("cannot spawn " + exe + ": " + reason, errno, "posix_spawn", true);
        }
        Path dir = spec.directory();
        boolean dirUsable = dir == null || (Files.isDirectory(dir) && Files.isExecutable(dir));
        if (dir != null && (helper != null || !dirUsable)) {
            return new SpawnException("cannot change directory to " + dir + " for " + exe + ": " + reason, errno,
                    "chdir", false);
        }
        if (helper != null) {
            return new SpawnException("cannot execute the exec helper " + helper + " for " + exe + ": " + reason,
                    errno, "helper", false);
        }
        return new SpawnException("cannot execute " + exe + ": " + reason, errno, "exec", false);
    }

    /**
     * The descriptor moves of {@code spec}: stdio redirects (files opened here, added to {@code parentSide} for the
     * caller to close) and passed descriptors. An inherited stdio needs no move when the child is made by this
     * process (posix_spawn keeps it); with {@code inheritOwn} it becomes a move of this process's own descriptor,
     * if open, for a child made elsewhere (the fork server).
     */
    static List<PosixSpawn.Move> moves(SpawnSpec spec, List<Integer> parentSide, boolean inheritOwn)
            throws SpawnException {
        List<PosixSpawn.Move> moves = new ArrayList<>();
        stdio(spec, spec.stdin(), 0, moves, parentSide, inheritOwn);
        stdio(spec, spec.stdout(), 1, moves, parentSide, inheritOwn);
        stdio(spec, spec.stderr(), 2, moves, parentSide, inheritOwn);
        for (Map.Entry<Integer, Integer> e : spec.passFds().entrySet()) {
            requireOpen(spec, e.getValue(), "descriptor " + e.getKey());
            moves.add(new PosixSpawn.Move(e.getValue(), e.getKey()));
        }
        return moves;
    }

    private static void stdio(SpawnSpec spec, Redirect r, int childFd, List<PosixSpawn.Move> moves,
                              List<Integer> parentSide, boolean inheritOwn) throws SpawnException {
        String name = childFd == 0 ? "stdin" : childFd == 1 ? "stdout" : "stderr";
        if (r instanceof Redirect.Inherit) {
            if (inheritOwn && Posix.libc().fcntl(childFd, LinuxConstants.F_GETFD, 0L) >= 0) {
                moves.add(new PosixSpawn.Move(childFd, childFd));
            }
            return;
        }
        int fd;
        if (r instanceof Redirect.Null) {
            fd = devNull(spec, name);
        } else if (r instanceof Redirect.File f) {
            int flags = childFd == 0 ? LinuxConstants.O_RDONLY
                    : LinuxConstants.O_WRONLY | LinuxConstants.O_CREAT
                            | (f.append() ? LinuxConstants.O_APPEND : LinuxConstants.O_TRUNC);
            fd = open(spec, f.path(), flags, name);
            parentSide.add(fd);
        } else {
            fd = ((Redirect.Fd) r).fd();
            requireOpen(spec, fd, name);
        }
        moves.add(new PosixSpawn.Move(fd, childFd));
    }

    private static volatile int devNull = -1;

    /**
     * One /dev/null descriptor (read-write, close-on-exec), opened on first use and kept: every stdio redirected to
     * null is a copy of it in the child, so a spawn opens and closes nothing for it (three system calls each
     * before, on the restart's path). Only the file description is shared, and /dev/null has no offset to share.
     */
    private static int devNull(SpawnSpec spec, String what) throws SpawnException {
        int fd = devNull;
        if (fd >= 0) return fd;
        synchronized (LinuxSpawner.class) {
            if (devNull < 0) devNull = open(spec, Path.of("/dev/null"), LinuxConstants.O_RDWR, what);
            return devNull;
        }
    }

    private static int open(SpawnSpec spec, Path path, int flags, String what) throws SpawnException {
        int fd = Posix.libc().open(path.toString(), flags | LinuxConstants.O_CLOEXEC, 0644L);
        if (fd < 0) {
            int e = Linux.errno();
            throw new SpawnException("cannot open " + path + " for " + what + " of " + spec.executable() + ": "
                    + Linux.describe(e), e, "redirect " + what, LinuxErrno.isTransient(e));
        }
        return fd;
    }

    private static void requireOpen(SpawnSpec spec, int fd, String what) throws SpawnException {
        if (fd < 0 || Posix.libc().fcntl(fd, LinuxConstants.F_GETFD, 0L) < 0) {
            throw new SpawnException("descriptor " + fd + " given for " + what + " of " + spec.executable()
                    + " is not open", LinuxConstants.EBADF, "redirect " + what, false);
        }
    }

    static List<String> environment(SpawnSpec spec) throws SpawnException {
        checkEnvironment(spec);
        List<String> env = new ArrayList<>(spec.environment().size());
        for (Map.Entry<String, String> e : spec.environment().entrySet()) env.add(e.getKey() + "=" + e.getValue());
        return env;
    }

    /** Rejects a variable name that is empty or holds '=' or NUL, a value or an argument that holds NUL. */
    static void checkEnvironment(SpawnSpec spec) throws SpawnException {
        for (Map.Entry<String, String> e : spec.environment().entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0 || e.getKey().indexOf('\0') >= 0
                    || e.getValue().indexOf('\0') >= 0) {
                throw new SpawnException("invalid environment variable '" + e.getKey() + "' for "
                        + spec.executable(), LinuxConstants.EINVAL, "options", false);
            }
        }
        for (String a : spec.argv()) {
            if (a.indexOf('\0') >= 0) {
                throw new SpawnException("argument contains a NUL character for " + spec.executable(),
                        LinuxConstants.EINVAL, "options", false);
            }
        }
    }

    static int[] pipe() throws SpawnException {
        int[] fds = new int[2];
        if (Posix.libc().pipe2(fds, LinuxConstants.O_CLOEXEC) != 0) {
            int e = Linux.errno();
            throw new SpawnException("cannot create the status pipe: " + Linux.describe(e), e, "pipe",
                    LinuxErrno.isTransient(e) || e == LinuxConstants.EMFILE);
        }
        return fds;
    }

    static int[] socketPair() throws SpawnException {
        int[] fds = new int[2];
        if (Linux.libc().socketpair(LinuxConstants.AF_UNIX, LinuxConstants.SOCK_STREAM | LinuxConstants.SOCK_CLOEXEC,
                0, fds) != 0) {
            int e = Linux.errno();
            throw new SpawnException("cannot create the exec helper socket: " + Linux.describe(e), e, "socketpair",
                    LinuxErrno.isTransient(e) || e == LinuxConstants.EMFILE);
        }
        return fds;
    }

    /**
     * Reads a blocking descriptor to end of file: the status pipe, EOF once every writer exec'd or exited; or the
     * fork server's status socket, where a child that exits with the 'G' unread in its end resets the connection:
     * what it wrote before is read first, then ECONNRESET, which ends the text as end of file does.
     */
    static String readToEnd(int fd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[512];
        while (true) {
            long n = Posix.libc().read(fd, buf, buf.length);
            if (n > 0) {
                out.write(buf, 0, (int) n);
                continue;
            }
            if (n == 0) break;
            int e = Linux.errno();
            if (e == LinuxConstants.EINTR) continue;
            if (e == LinuxConstants.ECONNRESET) break;
            throw Linux.failure("read(" + fd + ")", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** wait4(pid, &status, 0, NULL): reaps a child that exits now or soon; returns its wait status. */
    static int reapBlocking(int pid) {
        Pointer st = Memory.allocateDirect(Posix.runtime(), 4, true);
        while (true) {
            int rc = Linux.libc().wait4(pid, st, 0, null);
            if (rc == pid) return st.getInt(0);
            int e = Linux.errno();
            if (rc < 0 && e == LinuxConstants.EINTR) continue;
            throw Linux.failure("wait4(" + pid + ")", e);
        }
    }

    static void closeAll(List<Integer> fds) {
        for (int fd : fds) Posix.libc().close(fd);
        fds.clear();
    }

    static Instant startTime(int pid) {
        return ProcStat.read(pid).map(ProcStat::startTime).orElseGet(Instant::now);
    }
}
