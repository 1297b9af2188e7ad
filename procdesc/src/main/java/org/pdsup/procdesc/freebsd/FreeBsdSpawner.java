package org.pdsup.procdesc.freebsd;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jnr.ffi.Pointer;

import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * Starts processes on FreeBSD without ever forking the JVM (posix_spawn only), on the {@link SpawnPath}
 * chosen at start:
 * <ul>
 * <li>{@link SpawnPath#PROCDESC_ATTR}: {@code posix_spawnattr_setprocdescp_np(&attr, fdp, daemon ? PD_DAEMON : 0)}
 *     and posix_spawn return the descriptor directly (the service itself, or the exec helper in exec-in-place
 *     mode when credentials or limits are asked for: same process, same descriptor).</li>
 * <li>{@link SpawnPath#EXEC_HELPER}: posix_spawn {@code pdsup-exec -S status -F sock [-D] ...}; the helper
 *     pdforks, sends the descriptor with the PID over SCM_RIGHTS and exits; we reap it (the service, orphaned,
 *     is reparented to us as procctl reaper), then write 'G' so the service goes on to exec.</li>
 * <li>{@link SpawnPath#PID_ONLY}: posix_spawn and a bare PID.</li>
 * </ul>
 * Every child gets 0, 1, 2 and the passed descriptors only, an empty signal mask and default dispositions.
 */
final class FreeBsdSpawner {
    private final FreeBsdLibc libc;
    private final SpawnPath path;
    private final Optional<Path> helper;
    private final boolean usePdwait;
    /**
     * PIDs a process object or a spawn in flight reaps itself (exec helpers, PID-only children, children held by
     * a descriptor): {@link #reapOrphans} leaves them alone. A spawn holds {@code spawnLock}'s read lock from
     * posix_spawn until its PIDs are in here, and reapOrphans its write lock, so a child that exits at once is
     * never taken for an orphan.
     */
    private final Set<Integer> ownPids = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.locks.ReadWriteLock spawnLock =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final Runnable becomeReaper;

    FreeBsdSpawner(FreeBsdLibc libc, SpawnPath path, Optional<Path> helper, boolean usePdwait, Runnable becomeReaper) {
        this.libc = libc;
        this.path = path;
        this.helper = helper;
        this.usePdwait = usePdwait;
        this.becomeReaper = becomeReaper;
    }

    /** True when {@code pid} is a process this spawner reaps itself. */
    boolean ownsPid(int pid) {
        return ownPids.contains(pid);
    }

    /** A process descriptor inherited across exec from the previous program of this process. */
    FreeBsdProcess inherit(int fd, int pid, boolean daemon) {
        int named = ProcdescProcess.pidOf(libc, fd);
        if (named != pid) {
            throw new org.pdsup.procdesc.NoSuchProcessException("descriptor " + fd + " names process " + named
                    + ", not " + pid);
        }
        ownPids.add(pid);
        return new ProcdescProcess(libc, usePdwait, fd, pid, daemon, this::release);
    }

    void release(int pid) {
        ownPids.remove(pid);
    }

    FreeBsdProcess spawn(SpawnSpec spec) throws SpawnException {
        preflight(spec);
        boolean needsHelper = ExecHelperArgs.needsHelper(spec.credentials()) || spec.listenPid();
        if (needsHelper && helper.isEmpty()) {
            throw new SpawnException("cannot apply user, group, limits, umask, nice, setsid or LISTEN_PID to "
                    + spec.executable()
                    + ": the exec helper pdsup-exec was not found (set -D" + ExecHelperLocator.HELPER_PROPERTY
                    + " or -D" + ExecHelperLocator.HOME_PROPERTY + ")", ENOENT, "exec-helper", false);
        }
        spawnLock.readLock().lock();
        try {
            return switch (path) {
                case PROCDESC_ATTR -> spawnWithAttr(spec, needsHelper, true);
                case EXEC_HELPER -> spawnForkAndPass(spec);
                case PID_ONLY -> spawnWithAttr(spec, needsHelper, false);
            };
        } finally {
            spawnLock.readLock().unlock();
        }
    }

    /** Reaps the zombie children nobody tracks; the caller is the procctl reaper. */
    int reapOrphans() {
        spawnLock.writeLock().lock();
        try {
            return new ChildReaper(libc).reapOrphans(ownPids::contains);
        } finally {
            spawnLock.writeLock().unlock();
        }
    }

    /** Clear errors for what can be checked before spawning; posix_spawn's own errno is mapped too. */
    static void preflight(SpawnSpec spec) throws SpawnException {
        Path exe = spec.executable();
        if (!exe.isAbsolute()) {
            throw new SpawnException("cannot execute " + exe + ": the program path must be absolute", EINVAL, "exec", false);
        }
        if (!Files.exists(exe)) {
            throw new SpawnException("cannot execute " + exe + ": " + FreeBsdErrno.describe(ENOENT), ENOENT, "exec", false);
        }
        if (Files.isDirectory(exe)) {
            throw new SpawnException("cannot execute " + exe + ": it is a directory", EACCES, "exec", false);
        }
        if (!Files.isExecutable(exe)) {
            throw new SpawnException("cannot execute " + exe + ": " + FreeBsdErrno.describe(EACCES), EACCES, "exec", false);
        }
        Path dir = spec.directory();
        if (dir != null) {
            if (!Files.exists(dir)) {
                throw new SpawnException("cannot change to working directory " + dir + ": "
                        + FreeBsdErrno.describe(ENOENT), ENOENT, "chdir", false);
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
                throw new SpawnException("cannot change to working directory " + dir + ": "
                        + FreeBsdErrno.describe(ENOTDIR), ENOTDIR, "chdir", false);
            }
        }
    }

    /** The posix_spawn errno as a SpawnException naming the path that failed. */
    static SpawnException spawnFailure(SpawnSpec spec, Path program, int errno) {
        Path dir = spec.directory();
        if (dir != null && (errno == ENOENT || errno == ENOTDIR || errno == EACCES) && !Files.isDirectory(dir)) {
            return new SpawnException("cannot change to working directory " + dir + ": " + FreeBsdErrno.describe(errno),
                    errno, "chdir", false);
        }
        if (FreeBsdErrno.isTransient(errno)) {
            return new SpawnException("cannot start " + program + ": " + FreeBsdErrno.describe(errno)
                    + " (process limit or memory; will retry)", errno, "posix_spawn", true);
        }
        return new SpawnException("cannot execute " + program + ": " + FreeBsdErrno.describe(errno), errno, "exec", false);
    }

    // ---- paths a and c: posix_spawn, with the descriptor from libc (a) or a bare PID (c) ----

    private FreeBsdProcess spawnWithAttr(SpawnSpec spec, boolean viaHelper, boolean withDescriptor) throws SpawnException {
        ChildFdPlan plan = ChildFdPlan.of(spec, viaHelper ? 1 : 0);
        Pipe status = viaHelper ? FreeBsdFds.pipe(libc) : null;
        if (status != null) plan = plan.withExtra(0, status.writeFd());
        Path program = viaHelper ? helper.orElseThrow() : spec.executable();
        List<String> argv = viaHelper
                ? ExecHelperArgs.build(program, plan.extraChildFd(0), -1, false, spec.credentials(), spec.listenPid(),
                        spec.executable(), spec.argv())
                : spec.argv();
        Pointer fdp = FreeBsdNative.allocate(4);
        fdp.putInt(0, -1);
        Pointer pidp = FreeBsdNative.allocate(4);
        int rc;
        try {
            rc = posixSpawn(spec, plan, program, argv, withDescriptor ? fdp : null, pidp);
        } finally {
            if (status != null) FreeBsdFds.closeQuietly(libc, status.writeFd());
        }
        if (rc != 0) {
            if (status != null) FreeBsdFds.closeQuietly(libc, status.readFd());
            throw spawnFailure(spec, program, rc);
        }
        int pid = pidp.getInt(0);
        FreeBsdProcess proc;
        if (withDescriptor) {
            int fd = fdp.getInt(0);
            if (fd < 0) {
                throw new IllegalStateException("posix_spawn with posix_spawnattr_setprocdescp_np returned no descriptor for pid " + pid);
            }
            ownPids.add(pid);
            proc = new ProcdescProcess(libc, usePdwait, fd, pid, spec.daemon(), this::release);
        } else {
            ownPids.add(pid);
            proc = new PidChildProcess(libc, pid, spec.daemon(), Instant.now(), this::release);
        }
        if (status != null) {
            String report = readStatus(status.readFd());
            failIfReported(report, spec, proc);
        }
        return proc;
    }

    // ---- path b: the exec helper forks and passes the descriptor back ----

    private FreeBsdProcess spawnForkAndPass(SpawnSpec spec) throws SpawnException {
        becomeReaper.run();
        ChildFdPlan plan = ChildFdPlan.of(spec, 2);
        Pipe status = FreeBsdFds.pipe(libc);
        int[] sock;
        try {
            sock = FreeBsdFds.socketPair(libc);
        } catch (RuntimeException e) {
            FreeBsdFds.closeQuietly(libc, status.readFd());
            FreeBsdFds.closeQuietly(libc, status.writeFd());
            throw e;
        }
        plan = plan.withExtra(0, status.writeFd()).withExtra(1, sock[1]);
        Path program = helper.orElseThrow();
        List<String> argv = ExecHelperArgs.build(program, plan.extraChildFd(0), plan.extraChildFd(1), spec.daemon(),
                spec.credentials(), spec.listenPid(), spec.executable(), spec.argv());
        Pointer pidp = FreeBsdNative.allocate(4);
        int rc;
        try {
            rc = posixSpawn(spec, plan, program, argv, null, pidp);
        } finally {
            FreeBsdFds.closeQuietly(libc, status.writeFd());
            FreeBsdFds.closeQuietly(libc, sock[1]);
        }
        if (rc != 0) {
            FreeBsdFds.closeQuietly(libc, status.readFd());
            FreeBsdFds.closeQuietly(libc, sock[0]);
            throw spawnFailure(spec, program, rc);
        }
        int helperPid = pidp.getInt(0);
        ownPids.add(helperPid);
        ProcdescProcess proc = null;
        try {
            ScmRights.Message msg = ScmRights.receive(libc, sock[0], 4);
            reapHelper(helperPid);
            List<Integer> fds = new ArrayList<>(msg.fds());
            if (!fds.isEmpty()) {
                int fd = fds.remove(0);
                for (int extra : fds) FreeBsdFds.closeQuietly(libc, extra);
                int pid = ProcdescProcess.pidOf(libc, fd);
                int payloadPid = msg.bytes() == 4
                        ? ByteBuffer.wrap(msg.payload()).order(ByteOrder.nativeOrder()).getInt() : -1;
                if (payloadPid != pid) {
                    FreeBsdFds.closeQuietly(libc, fd); // kills the waiting child (no PD_DAEMON) or lets it see EOF
                    throw new SpawnException("exec helper passed a descriptor for process " + pid + " but reported "
                            + payloadPid + " for " + spec.executable(), EINVAL, "handoff", false);
                }
                ownPids.add(pid);
                proc = new ProcdescProcess(libc, usePdwait, fd, pid, spec.daemon(), this::release);
                FreeBsdFds.sendByte(libc, sock[0], (byte) 'G'); // if it fails, the child reports "handoff"
            }
            FreeBsdFds.closeQuietly(libc, sock[0]);
            sock[0] = -1;
            String report = readStatus(status.readFd());
            if (proc == null) {
                SpawnException e = HelperStatus.parse(report).map(s -> s.toException(spec.executable().toString()))
                        .orElseGet(() -> new SpawnException("exec helper " + program + " exited without passing a process "
                                + "descriptor for " + spec.executable(), EINVAL, "handoff", false));
                throw e;
            }
            failIfReported(report, spec, proc);
            return proc;
        } catch (RuntimeException e) {
            if (proc != null) proc.close();
            throw e;
        } finally {
            FreeBsdFds.closeQuietly(libc, sock[0]);
            ownPids.remove(helperPid);
        }
    }

    private void reapHelper(int helperPid) {
        try {
            new ChildReaper(libc).wait4(helperPid, true);
        } catch (ChildReaper.NotOurChild e) {
            // reaped by someone else: the helper is gone either way
        }
    }

    // ---- common ----

    private int posixSpawn(SpawnSpec spec, ChildFdPlan plan, Path program, List<String> argv, Pointer fdp,
                           Pointer pidp) throws SpawnException {
        NativeStringArray args = NativeStringArray.of(argv);
        NativeStringArray env = NativeStringArray.of(environment(spec.environment()));
        try (FdDuplicates dups = FdDuplicates.of(libc, plan.parentSources(), plan.closeFrom(), spec.executable().toString());
             FileActions actions = FileActions.create(libc, plan.actions(dups::of));
             SpawnAttributes attr = SpawnAttributes.create(libc)) {
            if (fdp != null) attr.setProcessDescriptor(fdp, spec.daemon());
            int rc = libc.posix_spawn(pidp, program.toString(), actions.pointer(), attr.pointer(), args.pointer(), env.pointer());
            Reference.reachabilityFence(args); // the strings the arrays point to must outlive the call
            Reference.reachabilityFence(env);
            return rc;
        }
    }

    static List<String> environment(Map<String, String> env) {
        List<String> out = new ArrayList<>(env.size());
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0) {
                throw new IllegalArgumentException("environment variable name '" + e.getKey() + "' is empty or contains '='");
            }
            out.add(e.getKey() + "=" + e.getValue());
        }
        return out;
    }

    private String readStatus(int readFd) {
        try {
            return FreeBsdFds.readToEof(libc, readFd);
        } finally {
            FreeBsdFds.closeQuietly(libc, readFd);
        }
    }

    /** If the helper reported a failure, reaps the failed child (it exits 127) and throws the failure. */
    private void failIfReported(String report, SpawnSpec spec, FreeBsdProcess proc) throws SpawnException {
        Optional<HelperStatus> failure = HelperStatus.parse(report);
        if (failure.isEmpty()) return;
        try {
            ExitStatus ignored = proc.waitFor();
            assert ignored != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            proc.close();
            release(proc.pid());
        }
        throw failure.get().toException(spec.executable().toString());
    }
}
