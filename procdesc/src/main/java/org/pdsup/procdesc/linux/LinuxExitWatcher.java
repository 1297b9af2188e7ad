package org.pdsup.procdesc.linux;

import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pdsup.procdesc.EventThreadWatcher;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.posix.Posix;

/**
 * {@link ExitWatcher} on Linux: one daemon thread blocked in epoll_wait (no timeout) on every watched pidfd
 * (readable = exited) and readable descriptor, plus an eventfd (EFD_CLOEXEC) that other threads write to when
 * they change registrations or close.
 *
 * <p>Each registration carries a unique token in {@code epoll_data}, never the descriptor number, so an event
 * that was already queued for a descriptor closed and reused meanwhile is recognised and ignored. A process exit
 * is delivered exactly once: after it is reaped through {@link ProcessDescriptor#tryWait()} by the watcher, or,
 * when the descriptor is closed while watched (closing a non-daemon kills and reaps it), with the status the
 * close collected ({@link ExitStatus#unknown()} for a daemon closed while running). The thread, the tokens and
 * the readable registrations are {@link EventThreadWatcher}'s.
 */
final class LinuxExitWatcher extends EventThreadWatcher<LinuxProcessDescriptor> {
    private static final System.Logger LOG = System.getLogger(LinuxExitWatcher.class.getName());
    private static final int MAX_EVENTS = 64;
    private static final long WAKE_TOKEN = 0;

    private record ProcessWatch(long token, LinuxProcessDescriptor pd, ExitListener listener,
                                Consumer<LinuxProcessDescriptor> onClose) {}

    private final int epfd;
    private final int wakeFd;
    private final Queue<Long> closedWhileWatched = new ConcurrentLinkedQueue<>();
    private final int eventSize = LinuxStructs.EpollEvent.size();
    private final int dataOffset = LinuxStructs.EpollEvent.dataOffset();
    /** The readable descriptors' tokens of one epoll_wait batch; the watcher's thread only. */
    private final long[] readableTokens = new long[MAX_EVENTS];

    LinuxExitWatcher(String threadName) {
        super(WAKE_TOKEN + 1);
        LinuxLibc c = Linux.libc();
        epfd = c.epoll_create1(LinuxConstants.EPOLL_CLOEXEC);
        if (epfd < 0) throw Linux.failure("epoll_create1", Linux.errno());
        wakeFd = c.eventfd(0, LinuxConstants.EFD_CLOEXEC | LinuxConstants.EFD_NONBLOCK);
        if (wakeFd < 0) {
            int e = Linux.errno();
            Posix.libc().close(epfd);
            throw Linux.failure("eventfd", e);
        }
        int rc = ctl(LinuxConstants.EPOLL_CTL_ADD, wakeFd, LinuxConstants.EPOLLIN, WAKE_TOKEN);
        if (rc != 0) {
            Posix.libc().close(wakeFd);
            Posix.libc().close(epfd);
            throw Linux.failure("epoll_ctl(ADD eventfd)", rc);
        }
        start(threadName);
    }

    @Override
    public void watch(ProcessDescriptor pd, ExitListener listener) {
        if (!(pd instanceof LinuxProcessDescriptor lpd)) {
            throw new IllegalArgumentException("not a Linux process descriptor: " + pd);
        }
        ensureOpen();
        unwatch(lpd);
        long token = nextToken();
        Consumer<LinuxProcessDescriptor> onClose = closing -> {
            // runs in close(), under the descriptor's monitor, while the fd is still open
            ctl(LinuxConstants.EPOLL_CTL_DEL, closing.fd(), 0, 0);
            closedWhileWatched.add(token);
            wake();
        };
        ProcessWatch reg = new ProcessWatch(token, lpd, listener, onClose);
        byToken.put(token, reg);
        processTokens.put(lpd, token);
        int[] rc = {0};
        boolean open = lpd.withOpenFd(fd -> rc[0] = ctl(LinuxConstants.EPOLL_CTL_ADD, fd, LinuxConstants.EPOLLIN,
                token), onClose);
        if (!open) {
            closedWhileWatched.add(token); // already closed: deliver what its close collected
            wake();
        } else if (rc[0] != 0) {
            unwatch(lpd);
            throw Linux.failure("epoll_ctl(ADD pidfd of " + lpd.pid() + ")", rc[0]);
        }
    }

    @Override
    public void unwatch(ProcessDescriptor pd) {
        if (!(pd instanceof LinuxProcessDescriptor lpd)) return;
        Long token = processTokens.remove(lpd);
        if (token == null) return;
        if (byToken.remove(token) instanceof ProcessWatch w) {
            lpd.removeCloseHook(w.onClose());
            lpd.withOpenFd(fd -> ctl(LinuxConstants.EPOLL_CTL_DEL, fd, 0, 0), null);
        }
    }

    @Override
    protected void addReadable(int fd, long token) {
        int rc = ctl(LinuxConstants.EPOLL_CTL_ADD, fd, LinuxConstants.EPOLLIN, token);
        if (rc != 0) throw Linux.failure("epoll_ctl(ADD fd " + fd + ")", rc);
    }

    @Override
    protected void removeReadable(int fd) {
        ctl(LinuxConstants.EPOLL_CTL_DEL, fd, 0, 0); // ENOENT/EBADF if the caller closed it first: fine
    }

    @Override
    protected void listenerFailed(Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "exit watcher callback failed", e);
    }

    @Override
    protected void afterClose() {
        for (Object r : byToken.values()) {
            if (r instanceof ProcessWatch w) w.pd().removeCloseHook(w.onClose());
        }
        byToken.clear();
        processTokens.clear();
        fdTokens.clear();
        Posix.libc().close(wakeFd);
        Posix.libc().close(epfd);
    }

    @Override
    protected void eventLoop() {
        Pointer events = Memory.allocateDirect(Posix.runtime(), (long) eventSize * MAX_EVENTS, true);
        while (!isClosed()) {
            int n = Linux.libc().epoll_wait(epfd, events, MAX_EVENTS, -1);
            if (n < 0) {
                int e = Linux.errno();
                if (e == LinuxConstants.EINTR) continue;
                LOG.log(System.Logger.Level.ERROR, "epoll_wait failed: " + Linux.describe(e) + "; watcher stops");
                return;
            }
            // exits first, then readable descriptors: a batch with a service's exit and the SIGCHLD it raised
            // reaps the service before the signalfd's listener asks whether any child is left to reap (it then
            // finds none and wakes no reaper)
            int readable = 0;
            for (int i = 0; i < n && !isClosed(); i++) {
                long token = events.getLong((long) i * eventSize + dataOffset);
                if (token == WAKE_TOKEN) {
                    drainWake();
                } else if (byToken.get(token) instanceof ProcessWatch w) {
                    exited(w);
                } else {
                    readableTokens[readable++] = token;
                }
            }
            for (int i = 0; i < readable && !isClosed(); i++) deliverReadable(readableTokens[i]);
            deliverClosed();
        }
    }

    /** The pidfd is readable: reap (tryWait), deregister, deliver once. */
    private void exited(ProcessWatch w) {
        Optional<ExitStatus> status;
        try {
            status = w.pd().tryWait();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "reaping " + w.pd() + " failed", e);
            status = Optional.of(ExitStatus.unknown());
        }
        if (status.isEmpty()) {
            if (!w.pd().isClosed()) return; // not exited after all
            status = Optional.of(w.pd().knownStatus().orElse(ExitStatus.unknown()));
        }
        if (byToken.remove(w.token(), w)) {
            processTokens.remove(w.pd(), w.token());
            w.pd().removeCloseHook(w.onClose());
            w.pd().withOpenFd(fd -> ctl(LinuxConstants.EPOLL_CTL_DEL, fd, 0, 0), null);
            ExitStatus s = status.get();
            safely(() -> w.listener().exited(w.pd(), s));
        }
    }

    /** Watched descriptors closed by their owner: deliver the status their close collected. */
    private void deliverClosed() {
        Long token;
        while ((token = closedWhileWatched.poll()) != null) {
            if (byToken.get(token) instanceof ProcessWatch w && byToken.remove(token, w)) {
                processTokens.remove(w.pd(), token);
                ExitStatus s = w.pd().knownStatus().orElse(ExitStatus.unknown());
                safely(() -> w.listener().exited(w.pd(), s));
            }
        }
    }

    /** epoll_ctl with a token in epoll_data; returns 0 or errno. */
    private int ctl(int op, int fd, int events, long token) {
        Pointer ev = Memory.allocateDirect(Posix.runtime(), eventSize, true);
        ev.putInt(LinuxStructs.EpollEvent.EVENTS, events);
        ev.putLong(dataOffset, token);
        return Linux.libc().epoll_ctl(epfd, op, fd, ev) == 0 ? 0 : Linux.errno();
    }

    @Override
    protected void wake() {
        byte[] one = {1, 0, 0, 0, 0, 0, 0, 0}; // uint64 1, little-endian (x86_64 and aarch64 Linux)
        Posix.libc().write(wakeFd, one, 8);
    }

    private void drainWake() {
        byte[] buf = new byte[8];
        Posix.libc().read(wakeFd, buf, 8);
    }
}
