package org.pdsup.procdesc.freebsd;

import java.util.Optional;

import jnr.ffi.Pointer;

import org.pdsup.procdesc.ExitStatus;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * Reaps one exited child with its exit status and resource usage (platform-facts 1.1, 1.6, pitfall 2):
 * {@code pdwait(fd, &st, WEXITED, &wru, &si)} where libc has it (FreeBSD 16; 15.1 UNCONFIRMED), otherwise
 * {@code wait4(pid, &st, 0, &ru)}, which reaps a procdesc child when given its PID explicitly.
 *
 * <p>Whether pdwait returns 0 or the PID is UNCONFIRMED, so success is read from the siginfo: zeroed before
 * the call, {@code si_pid != 0} after it means a process was reaped (the waitid(2) recipe for WNOHANG).
 */
final class ChildReaper {
    /** The reaped process is not our child (ECHILD): someone else reaped it, or it was never ours. */
    static final class NotOurChild extends Exception {
        NotOurChild(String message) {
            super(message, null, false, false);
        }
    }

    private final FreeBsdLibc libc;

    ChildReaper(FreeBsdLibc libc) {
        this.libc = libc;
    }

    /**
     * {@code wait4(pid, &status, block ? 0 : WNOHANG, &rusage)}, retried on EINTR.
     *
     * @return the exit, or empty when {@code !block} and the process has not exited
     */
    Optional<ExitStatus> wait4(int pid, boolean block) throws NotOurChild {
        Pointer status = FreeBsdNative.allocate(4);
        Pointer rusage = FreeBsdNative.allocate(RusageLayout.SIZE);
        while (true) {
            int r = libc.wait4(pid, status, block ? 0 : WNOHANG, rusage);
            if (r == pid) return Optional.of(FreeBsdWaitStatus.decode(status.getInt(0), RusageLayout.read(rusage, 0)));
            if (r == 0) return Optional.empty();
            int e = FreeBsdNative.errno();
            if (e == EINTR) continue;
            if (e == ECHILD) throw new NotOurChild("wait4(" + pid + "): " + FreeBsdErrno.describe(e));
            throw new NativeCallException("wait4(" + pid + ")", e);
        }
    }

    /**
     * {@code pdwait(fd, &status, WEXITED | (block ? 0 : WNOHANG), &wrusage, &siginfo)}, retried on EINTR.
     * Call only when {@link SymbolProbe} found {@code pdwait}.
     */
    Optional<ExitStatus> pdwait(int fd, boolean block) throws NotOurChild {
        Pointer status = FreeBsdNative.allocate(4);
        Pointer wrusage = FreeBsdNative.allocate(RusageLayout.WRUSAGE_SIZE);
        Pointer info = FreeBsdNative.allocate(SiginfoLayout.SIZE);
        while (true) {
            info.setMemory(0, SiginfoLayout.SIZE, (byte) 0);
            int r = libc.pdwait(fd, status, WEXITED | (block ? 0 : WNOHANG), wrusage, info);
            if (r >= 0) {
                if (info.getInt(SiginfoLayout.SI_PID) == 0 && info.getInt(SiginfoLayout.SI_SIGNO) == 0) {
                    if (block) throw new IllegalStateException("pdwait(" + fd + ") returned " + r + " without a status");
                    return Optional.empty();
                }
                return Optional.of(FreeBsdWaitStatus.decode(status.getInt(0),
                        RusageLayout.read(wrusage, RusageLayout.WRU_SELF)));
            }
            int e = FreeBsdNative.errno();
            if (e == EINTR) continue;
            if (e == ECHILD || e == ESRCH) throw new NotOurChild("pdwait(" + fd + "): " + FreeBsdErrno.describe(e));
            throw new NativeCallException("pdwait(" + fd + ")", e);
        }
    }

    /**
     * Reaps every zombie child that nothing else claims ({@link ReaperPids}: procctl PROC_REAP_GETPIDS, entries
     * with REAPER_PIDINFO_ZOMBIE and _CHILD, skipping {@code tracked} PIDs); returns how many. Unlike a
     * {@code wait4(-1, WNOHANG|WNOWAIT)} peek, which returns the same first zombie again and again while it
     * belongs to a spawn in flight, every zombie is seen. The caller must be a reaper and must keep spawns from
     * registering meanwhile (see {@code FreeBsdSpawner}).
     */
    int reapOrphans(java.util.function.IntPredicate tracked) {
        Pointer status = FreeBsdNative.allocate(4);
        int reaped = 0;
        for (int pid : ReaperPids.zombieChildren(libc, tracked)) {
            int r;
            do {
                r = libc.wait4(pid, status, WNOHANG, null);
            } while (r < 0 && FreeBsdNative.errno() == EINTR);
            if (r == pid) reaped++;
        }
        return reaped;
    }
}
