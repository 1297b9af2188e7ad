package org.pdsup.procdesc.freebsd;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.Signal;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * The last-resort spawn path: a child of ours known only by PID, used when neither
 * {@code posix_spawnattr_setprocdescp_np} nor the exec helper is available (reported by
 * {@code describe()}). Signalling by PID is still race-free while the child is unreaped, because an unreaped
 * child's PID cannot be reused: every kill(2) holds {@code pidLock}'s read lock and the reap its write lock.
 * Close-on-exit is emulated (SIGKILL, then reap); a daemon child is simply left running, and if the
 * supervisor dies it is not killed (no descriptor).
 */
final class PidChildProcess extends FreeBsdProcess {
    private final boolean daemon;
    private final ReentrantReadWriteLock pidLock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    PidChildProcess(FreeBsdLibc libc, int pid, boolean daemon, Instant startTime, java.util.function.IntConsumer onReaped) {
        super(libc, pid, startTime, onReaped);
        this.daemon = daemon;
    }

    @Override
    public int fd() {
        return -1;
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
        kill(pid, signal);
    }

    @Override
    public void signalGroup(Signal signal) {
        kill(-pid, signal);
    }

    private void kill(int target, Signal signal) {
        pidLock.readLock().lock();
        try {
            if (exit != null || closed) throw new NoSuchProcessException("process " + pid + " has exited");
            if (libc.kill(target, FreeBsdSignals.number(signal)) != 0) {
                int e = FreeBsdNative.errno();
                if (e == ESRCH) throw new NoSuchProcessException("process " + target + " does not exist");
                throw new NativeCallException("kill(" + target + ", SIG" + signal + ")", e);
            }
        } finally {
            pidLock.readLock().unlock();
        }
    }

    @Override
    public boolean isAlive() {
        return tryWait().isEmpty() && !closed;
    }

    @Override
    public Optional<ExitStatus> tryWait() {
        if (exit != null) return Optional.of(exit);
        pidLock.writeLock().lock();
        try {
            if (exit != null) return Optional.of(exit);
            return reapChild(false);
        } catch (ChildReaper.NotOurChild e) {
            return Optional.of(recordExit(ExitStatus.unknown()));
        } finally {
            pidLock.writeLock().unlock();
        }
    }

    @Override
    public ExitStatus waitFor() throws InterruptedException {
        while (exit == null) {
            if (Thread.interrupted()) throw new InterruptedException();
            // wait without reaping (WNOWAIT), then reap under the write lock
            int r = libc.wait4(pid, null, WNOWAIT, null);
            if (r < 0 && FreeBsdNative.errno() == EINTR) continue;
            if (tryWait().isEmpty() && r < 0) throw new NativeCallException("wait4(" + pid + ", WNOWAIT)", FreeBsdNative.errno());
        }
        return exit;
    }

    @Override
    int registerExit(Kqueue kq, long udata, boolean add) {
        pidLock.readLock().lock();
        try {
            if (exit != null) return ESRCH;
            return kq.change(Kevent.of(pid, EVFILT_PROC, add ? EV_ADD : EV_DELETE, add ? NOTE_EXIT : 0, 0, udata));
        } finally {
            pidLock.readLock().unlock();
        }
    }

    @Override
    ExitStatus exitFromEvent(long data) {
        Optional<ExitStatus> r = tryWait();
        if (r.isPresent()) return r.get();
        try {
            return waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return statusFromNoteExit(data);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        if (!daemon && exit == null) {
            try {
                signal(Signal.KILL);
                waitFor();
            } catch (NoSuchProcessException e) {
                // already gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closed = true;
        if (exit == null) release(); // a daemon left running: reapOrphans() may reap it when it exits
    }

    @Override
    public String toString() {
        return "pid-only[pid=" + pid + (daemon ? ", daemon" : "") + "]";
    }
}
