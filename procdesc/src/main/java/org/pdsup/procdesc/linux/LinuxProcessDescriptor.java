package org.pdsup.procdesc.linux;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptorException;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.posix.Posix;

/**
 * A process held through a Linux pidfd (pidfd_open(2)).
 *
 * <p>All state changes (reap, close) happen under this object's monitor, so the descriptor number is never
 * used after it was closed and a PID is never acted on after it was reaped. The blocking part of
 * {@link #waitFor()} runs outside the monitor.
 *
 * <p>Exit and rusage are read without a 6-argument call (platform-facts pitfall 2): {@code waitid(P_PIDFD, fd,
 * WEXITED|WNOHANG|WNOWAIT)} tells that the child exited and keeps the zombie (so its PID stays reserved), then
 * {@code wait4(pid, &status, 0, &rusage)} reaps it.
 */
public final class LinuxProcessDescriptor implements ProcessDescriptor {
    private final int pid;
    private final boolean daemon;
    private final boolean adopted;
    private final long maxRssFloorKiB;
    private final Instant startTime;
    private final List<Consumer<LinuxProcessDescriptor>> closeHooks = new CopyOnWriteArrayList<>();

    private int fd;
    private boolean closed;
    private ExitStatus status;

    /** @param maxRssFloorKiB max RSS is reported only above this ({@link WaitStatus#usage}) */
    LinuxProcessDescriptor(int pid, int fd, boolean daemon, boolean adopted, long maxRssFloorKiB,
                           Instant startTime) {
        this.pid = pid;
        this.fd = fd;
        this.daemon = daemon;
        this.adopted = adopted;
        this.maxRssFloorKiB = maxRssFloorKiB;
        this.startTime = startTime;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public synchronized int fd() {
        return closed ? -1 : fd;
    }

    @Override
    public boolean isDaemon() {
        return daemon;
    }

    @Override
    public boolean isAdopted() {
        return adopted;
    }

    @Override
    public Instant startTime() {
        return startTime;
    }

    /**
     * pidfd_send_signal(fd, sig, NULL, 0): acts on this process only, whatever now has its PID. An exited process
     * is refused even while it is an unreaped zombie (the kernel would accept a signal to a zombie; we check the
     * pidfd's readability first, so the interface contract holds).
     */
    @Override
    public synchronized void signal(Signal signal) {
        ensureOpen();
        if (status != null || hasExited()) throw exited();
        int rc = Pidfd.sendSignal(fd, LinuxSignals.number(signal));
        if (rc != 0) {
            int e = Linux.errno();
            if (e == LinuxConstants.ESRCH) throw exited();
            throw Linux.failure("pidfd_send_signal(" + pid + ", SIG" + signal + ")", e);
        }
    }

    /**
     * kill(-pid, sig), after verifying through the pidfd that the leader is still ours: alive (adopted), or not
     * yet reaped (our child; a zombie keeps its PID, hence the group id, from being reused).
     */
    @Override
    public synchronized void signalGroup(Signal signal) {
        ensureOpen();
        if (status != null || (adopted && hasExited())) throw exited();
        int rc = Posix.libc().kill(-pid, LinuxSignals.number(signal));
        if (rc != 0) {
            int e = Linux.errno();
            if (e == LinuxConstants.ESRCH) {
                throw new NoSuchProcessException("process group " + pid + " has no members");
            }
            throw Linux.failure("kill(-" + pid + ", SIG" + signal + ")", e);
        }
    }

    @Override
    public synchronized boolean isAlive() {
        return !closed && status == null && !hasExited();
    }

    @Override
    public synchronized Optional<ExitStatus> tryWait() {
        if (status != null) return Optional.of(status);
        if (closed) return Optional.empty();
        if (adopted) {
            // not our child: the exit is visible on the pidfd, the status is not
            if (hasExited()) status = ExitStatus.unknown();
            return Optional.ofNullable(status);
        }
        Pointer si = Memory.allocateDirect(Posix.runtime(), LinuxStructs.Siginfo.SIZE, true);
        while (true) {
            int rc = Linux.libc().waitid(LinuxConstants.P_PIDFD, fd, si,
                    LinuxConstants.WEXITED | LinuxConstants.WNOHANG | LinuxConstants.WNOWAIT);
            if (rc == 0) break;
            int e = Linux.errno();
            if (e == LinuxConstants.EINTR) continue;
            if (e == LinuxConstants.ECHILD) {
                // someone else reaped it (SIGCHLD ignored, or a wait(-1) elsewhere): the status is lost
                if (!hasExited()) return Optional.empty();
                status = ExitStatus.unknown();
                ChildRegistry.untrack(pid);
                return Optional.of(status);
            }
            throw Linux.failure("waitid(P_PIDFD, " + pid + ")", e);
        }
        if (si.getInt(LinuxStructs.Siginfo.SI_PID) == 0) return Optional.empty();
        reap(0);
        return Optional.of(status);
    }

    @Override
    public ExitStatus waitFor() throws InterruptedException {
        while (true) {
            if (Thread.interrupted()) throw new InterruptedException();
            int polled;
            synchronized (this) {
                Optional<ExitStatus> s = tryWait();
                if (s.isPresent()) return s.get();
                if (closed) throw new IllegalStateException("descriptor of process " + pid + " is closed");
                polled = fd;
            }
            // block in the kernel until the pidfd is readable (the process exited); not interruptible
            poll(polled, -1);
        }
    }

    /**
     * Blocks until the process has exited or {@code timeoutMillis} passed (-1: no limit), without reaping it.
     *
     * @return true when it has exited
     */
    public boolean awaitExit(int timeoutMillis) {
        int polled;
        synchronized (this) {
            if (status != null) return true;
            ensureOpen();
            polled = fd;
        }
        return poll(polled, timeoutMillis);
    }

    /**
     * Non-daemon: SIGKILL through the pidfd if it still runs, then reap; daemon and adopted: just close. Close
     * hooks (an exit watcher) run before the descriptor is released.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        try {
            if (!daemon && !adopted && status == null) {
                int rc = Pidfd.sendSignal(fd, LinuxSignals.number(Signal.KILL));
                if (rc != 0 && Linux.errno() != LinuxConstants.ESRCH) {
                    throw Linux.failure("pidfd_send_signal(" + pid + ", SIGKILL)", Linux.errno());
                }
                reap(0);
            }
        } finally {
            for (Consumer<LinuxProcessDescriptor> hook : closeHooks) hook.accept(this);
            closeHooks.clear();
            closed = true;
            Posix.libc().close(fd);
            if (status == null) ChildRegistry.untrack(pid); // a daemon left running: reapOrphans takes it later
        }
    }

    /** The reaped status, if any (after close too). */
    synchronized Optional<ExitStatus> knownStatus() {
        return Optional.ofNullable(status);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Runs {@code action} with the open descriptor number under this object's monitor (so it cannot be closed
     * meanwhile) and registers {@code onClose}; returns false, doing nothing, if already closed.
     */
    synchronized boolean withOpenFd(IntConsumer action, Consumer<LinuxProcessDescriptor> onClose) {
        if (closed) return false;
        action.accept(fd);
        if (onClose != null) closeHooks.add(onClose);
        return true;
    }

    synchronized void removeCloseHook(Consumer<LinuxProcessDescriptor> onClose) {
        closeHooks.remove(onClose);
    }

    /** wait4(pid) with rusage; blocks unless the child already exited. Caller holds the monitor. */
    private void reap(int options) {
        Pointer st = Memory.allocateDirect(Posix.runtime(), 4, true);
        Pointer ru = Memory.allocateDirect(Posix.runtime(), LinuxStructs.Rusage.SIZE, true);
        while (true) {
            int rc = Linux.libc().wait4(pid, st, options, ru);
            if (rc == pid) break;
            int e = Linux.errno();
            if (rc < 0 && e == LinuxConstants.EINTR) continue;
            if (rc < 0 && e == LinuxConstants.ECHILD) {
                status = ExitStatus.unknown();
                ChildRegistry.untrack(pid);
                return;
            }
            throw Linux.failure("wait4(" + pid + ")", e);
        }
        status = WaitStatus.decode(st.getInt(0), WaitStatus.usage(ru, maxRssFloorKiB));
        ChildRegistry.untrack(pid);
    }

    /** poll(2) the pidfd with timeout 0: readable = exited. Caller holds the monitor. */
    private boolean hasExited() {
        return poll(fd, 0);
    }

    /** poll(2) one descriptor for POLLIN (end of file counts) up to {@code timeoutMillis}; EINTR retried. */
    static boolean poll(int fd, int timeoutMillis) {
        Pointer pfd = Memory.allocateDirect(Posix.runtime(), LinuxStructs.PollFd.SIZE, true);
        pfd.putInt(LinuxStructs.PollFd.FD, fd);
        pfd.putShort(LinuxStructs.PollFd.EVENTS, LinuxConstants.POLLIN);
        while (true) {
            int rc = Posix.libc().poll(pfd, 1, timeoutMillis);
            if (rc >= 0) return rc > 0 && (pfd.getShort(LinuxStructs.PollFd.REVENTS) & LinuxConstants.POLLIN) != 0;
            int e = Linux.errno();
            if (e != LinuxConstants.EINTR) throw Linux.failure("poll(" + fd + ")", e);
        }
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("descriptor of process " + pid + " is closed");
    }

    private NoSuchProcessException exited() {
        return new NoSuchProcessException("process " + pid + " has exited");
    }

    @Override
    public String toString() {
        return "pidfd(pid " + pid + (daemon ? ", daemon" : "") + (adopted ? ", adopted" : "") + ")";
    }
}
