package org.pdsup.procdesc.freebsd;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import jnr.ffi.Pointer;

import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.Signal;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * A process held through a FreeBSD process descriptor (pdfork(2)): signals go through pdkill, liveness and
 * start time through fstat, the exit through pdwait or wait4(pid) (see {@link ChildReaper}), and the last
 * close kills the process unless it was created with PD_DAEMON (kernel behaviour).
 *
 * <p>The descriptor number is used only under {@code fdLock}'s read lock and closed under its write lock, so
 * no call can reach a later descriptor that reused the number. Reaping is serialised by {@code reapLock}; the
 * first result is kept and returned to every later caller.
 */
final class ProcdescProcess extends FreeBsdProcess {
    private final boolean usePdwait;
    private final boolean daemon;
    private final ReentrantReadWriteLock fdLock = new ReentrantReadWriteLock();
    private final ReentrantLock reapLock = new ReentrantLock();
    private int fd;

    /** @param onReleased told the PID once this object no longer reaps it (reaped, or closed) */
    ProcdescProcess(FreeBsdLibc libc, boolean usePdwait, int fd, int pid, boolean daemon,
                    java.util.function.IntConsumer onReleased) {
        super(libc, pid, readStartTime(libc, fd), onReleased);
        this.usePdwait = usePdwait;
        this.fd = fd;
        this.daemon = daemon;
    }

    /** pdgetpid(2) on {@code fd}. */
    static int pidOf(FreeBsdLibc libc, int fd) {
        Pointer p = FreeBsdNative.allocate(4);
        if (libc.pdgetpid(fd, p) != 0) throw new NativeCallException("pdgetpid(" + fd + ")", FreeBsdNative.errno());
        return p.getInt(0);
    }

    private static Instant readStartTime(FreeBsdLibc libc, int fd) {
        Pointer sb = fstat(libc, fd);
        long sec = sb.getLong(StatLayout.ST_BIRTHTIM + TimespecLayout.TV_SEC);
        long nsec = sb.getLong(StatLayout.ST_BIRTHTIM + TimespecLayout.TV_NSEC);
        return Instant.ofEpochSecond(sec, nsec);
    }

    private static Pointer fstat(FreeBsdLibc libc, int fd) {
        Pointer sb = FreeBsdNative.allocate(StatLayout.SIZE);
        if (libc.fstat(fd, sb) != 0) throw new NativeCallException("fstat(" + fd + ")", FreeBsdNative.errno());
        return sb;
    }

    @Override
    public int fd() {
        fdLock.readLock().lock();
        try {
            return fd;
        } finally {
            fdLock.readLock().unlock();
        }
    }

    @Override
    public boolean isDaemon() {
        return daemon;
    }

    @Override
    public boolean isAdopted() {
        return false;
    }

    @Override
    public void signal(Signal signal) {
        int sig = FreeBsdSignals.number(signal);
        if (exit != null) throw gone("has exited (" + exit + ")");
        fdLock.readLock().lock();
        try {
            if (fd < 0) throw gone("descriptor is closed");
            if (libc.pdkill(fd, sig) != 0) {
                int e = FreeBsdNative.errno();
                if (e == ESRCH) throw gone("has exited");
                throw new NativeCallException("pdkill(" + fd + ", SIG" + signal + ") for process " + pid, e);
            }
        } finally {
            fdLock.readLock().unlock();
        }
    }

    @Override
    public void signalGroup(Signal signal) {
        int sig = FreeBsdSignals.number(signal);
        fdLock.readLock().lock();
        try {
            // while we hold the unreaped descriptor, neither the PID nor its process group can be reused
            if (!isAliveLocked()) throw gone("has exited");
            if (libc.kill(-pid, sig) != 0) {
                int e = FreeBsdNative.errno();
                if (e == ESRCH) throw new NoSuchProcessException("process group " + pid + " does not exist");
                throw new NativeCallException("kill(-" + pid + ", SIG" + signal + ")", e);
            }
        } finally {
            fdLock.readLock().unlock();
        }
    }

    @Override
    public boolean isAlive() {
        if (exit != null) return false;
        fdLock.readLock().lock();
        try {
            return isAliveLocked();
        } finally {
            fdLock.readLock().unlock();
        }
    }

    private boolean isAliveLocked() {
        if (exit != null || fd < 0) return false;
        Pointer sb = fstat(libc, fd);
        return (sb.getShort(StatLayout.ST_MODE) & S_IRWXU) != 0;
    }

    @Override
    public Optional<ExitStatus> tryWait() {
        ExitStatus e = exit;
        if (e != null) return Optional.of(e);
        if (!reapLock.tryLock()) return Optional.ofNullable(exit);
        try {
            return reap(false);
        } finally {
            reapLock.unlock();
        }
    }

    @Override
    public ExitStatus waitFor() throws InterruptedException {
        ExitStatus e = exit;
        if (e != null) return e;
        reapLock.lockInterruptibly();
        try {
            return reap(true).orElseThrow();
        } finally {
            reapLock.unlock();
        }
    }

    @Override
    ExitStatus exitFromEvent(long data) {
        reapLock.lock();
        try {
            if (exit != null) return exit;
            // the process has exited: a non-blocking reap normally succeeds; if the kernel has not yet
            // finished turning it into a zombie, a blocking one returns at once
            Optional<ExitStatus> r = reapOrEvent(false, data);
            return r.isPresent() ? r.get() : reapOrEvent(true, data).orElseThrow();
        } finally {
            reapLock.unlock();
        }
    }

    @Override
    int registerExit(Kqueue kq, long udata, boolean add) {
        fdLock.readLock().lock();
        try {
            if (fd < 0) return EBADF;
            return kq.change(Kevent.of(fd, EVFILT_PROCDESC, add ? EV_ADD : EV_DELETE, add ? NOTE_EXIT : 0, 0, udata));
        } finally {
            fdLock.readLock().unlock();
        }
    }

    /** Caller holds reapLock. */
    private Optional<ExitStatus> reap(boolean block) {
        if (exit != null) return Optional.of(exit);
        return reapOrEvent(block, null);
    }

    /**
     * Caller holds reapLock. Reaps with pdwait or wait4; when the process is not our child (ECHILD: our
     * reaper role was lost, or it was reaped elsewhere) the status comes from a NOTE_EXIT event instead,
     * without resource usage.
     */
    private Optional<ExitStatus> reapOrEvent(boolean block, Long eventData) {
        try {
            return usePdwait ? pdwaitLocked(block) : reapChild(block);
        } catch (ChildReaper.NotOurChild notOurs) {
            Long data = eventData;
            if (data == null) data = awaitEvent(block);
            if (data == null) return Optional.empty();
            return Optional.of(recordExit(statusFromNoteExit(data)));
        }
    }

    private Optional<ExitStatus> pdwaitLocked(boolean block) throws ChildReaper.NotOurChild {
        fdLock.readLock().lock();
        try {
            if (fd < 0) return reapChild(block);
            return pdwaitChild(fd, block);
        } finally {
            fdLock.readLock().unlock();
        }
    }

    private Long awaitEvent(boolean block) {
        fdLock.readLock().lock();
        try {
            if (fd < 0) throw gone("descriptor is closed and the process is not our child");
            return Kqueue.awaitExit(libc, EVFILT_PROCDESC, fd, block);
        } finally {
            fdLock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        if (!daemon && exit == null) {
            fdLock.readLock().lock();
            try {
                if (fd >= 0) libc.pdkill(fd, SIGKILL); // ESRCH: already exited
            } finally {
                fdLock.readLock().unlock();
            }
            reapLock.lock();
            try {
                if (exit == null && fd() >= 0) reap(true);
            } catch (NoSuchProcessException e) {
                // reaped elsewhere: nothing left to collect
            } finally {
                reapLock.unlock();
            }
        } else if (exit == null) {
            tryWait(); // a daemon that is already a zombie: read its status before close reaps it
        }
        fdLock.writeLock().lock();
        try {
            if (fd >= 0) {
                libc.close(fd);
                fd = -1;
            }
        } finally {
            fdLock.writeLock().unlock();
        }
        release(); // a daemon left running is an orphan now: reapOrphans collects it
    }

    private NoSuchProcessException gone(String why) {
        return new NoSuchProcessException("process " + pid + " " + why);
    }

    @Override
    public String toString() {
        return "procdesc[pid=" + pid + ", fd=" + fd() + (daemon ? ", daemon" : "") + "]";
    }
}
