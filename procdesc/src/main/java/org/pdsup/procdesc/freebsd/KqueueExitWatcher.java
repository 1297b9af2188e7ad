package org.pdsup.procdesc.freebsd;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

import jnr.ffi.Pointer;

import org.pdsup.procdesc.EventThreadWatcher;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ProcessDescriptor;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * The kernel-event thread of the FreeBSD backend: one kqueue, one thread blocked in kevent(2) with a NULL
 * timeout (no polling). Process exits arrive as {@code EVFILT_PROCDESC}/{@code NOTE_EXIT} (data = wait status)
 * for descriptors, {@code EVFILT_PROC}/{@code NOTE_EXIT} for adopted and PID-only processes; readable pipes as
 * level-triggered {@code EVFILT_READ}. An {@code EVFILT_USER} event wakes the thread with {@code NOTE_TRIGGER}
 * when it has queued work: callbacks for processes that had already exited when watched, and {@link #close()}.
 *
 * <p>Registrations are applied with kevent(2) directly on the calling thread, while the process object holds
 * its descriptor open, so a registration can never land on a descriptor number that was meanwhile closed and
 * reused; the kernel delivers them to the blocked thread at once. Each registration carries a unique
 * {@code udata} token; an event whose token is no longer registered is dropped (and a stale EVFILT_READ
 * deleted), so {@link #unwatch} and {@link #unwatchFd} take effect immediately. The thread, the tokens and the
 * readable registrations are {@link EventThreadWatcher}'s.
 */
final class KqueueExitWatcher extends EventThreadWatcher<FreeBsdProcess> {
    private static final long WAKE_IDENT = 1L;
    private static final int BATCH = 64;

    private record ProcessRegistration(FreeBsdProcess process, ExitListener listener) {}

    private final Kqueue kq;
    private final ConcurrentLinkedQueue<Runnable> queued = new ConcurrentLinkedQueue<>();

    KqueueExitWatcher(FreeBsdLibc libc, String threadName) {
        super(WAKE_IDENT + 1);
        this.kq = Kqueue.open(libc);
        int e = kq.change(Kevent.of(WAKE_IDENT, EVFILT_USER, EV_ADD | EV_CLEAR, NOTE_FFNOP, 0, WAKE_IDENT));
        if (e != 0) {
            kq.close();
            throw new NativeCallException("kevent(EV_ADD EVFILT_USER)", e);
        }
        start(threadName);
    }

    @Override
    public void watch(ProcessDescriptor pd, ExitListener listener) {
        if (isClosed()) throw new IllegalStateException("exit watcher is closed");
        if (!(pd instanceof FreeBsdProcess p)) {
            throw new IllegalArgumentException("not a FreeBSD process descriptor: " + pd);
        }
        long token = nextToken();
        Long previous = processTokens.put(p, token);
        if (previous != null) byToken.remove(previous);
        ProcessRegistration reg = new ProcessRegistration(p, listener);
        byToken.put(token, reg);
        Optional<ExitStatus> known = p.knownExit();
        if (known.isPresent()) {
            deliverLater(token, known.get());
            return;
        }
        int e = p.registerExit(kq, token, true);
        if (e == ESRCH) {
            // a PID-watched process gone before we could register: the process object knows how it ended
            deliverLater(token, null);
        } else if (e == EBADF) {
            byToken.remove(token);
            processTokens.remove(p, token);
            throw new IllegalStateException("cannot watch " + pd + ": its descriptor is closed");
        } else if (e != 0) {
            byToken.remove(token);
            processTokens.remove(p, token);
            throw new NativeCallException("kevent(EV_ADD exit of " + pd + ")", e);
        }
    }

    /** Runs the callback on the watcher thread (exactly once, unless unwatched first). */
    private void deliverLater(long token, ExitStatus status) {
        queued.add(() -> {
            if (byToken.remove(token) instanceof ProcessRegistration r) {
                processTokens.remove(r.process(), token);
                ExitStatus s = status != null ? status : r.process().exitFromEvent(FreeBsdProcess.NO_EVENT);
                callExited(r, s);
            }
        });
        kq.trigger(WAKE_IDENT);
    }

    @Override
    public void unwatch(ProcessDescriptor pd) {
        if (!(pd instanceof FreeBsdProcess p)) return;
        Long token = processTokens.remove(p);
        if (token == null) return;
        if (byToken.remove(token) instanceof ProcessRegistration r && !isClosed()) {
            r.process().registerExit(kq, token, false); // EBADF/ENOENT/ESRCH: already gone with the descriptor
        }
    }

    @Override
    protected void addReadable(int fd, long token) {
        int e = kq.change(Kevent.of(fd, EVFILT_READ, EV_ADD, 0, 0, token));
        if (e != 0) throw new NativeCallException("kevent(EV_ADD EVFILT_READ " + fd + ")", e);
    }

    @Override
    protected void removeReadable(int fd) {
        kq.change(Kevent.of(fd, EVFILT_READ, EV_DELETE, 0, 0, 0)); // EBADF/ENOENT once closed
    }

    @Override
    protected void wake() {
        kq.trigger(WAKE_IDENT);
    }

    @Override
    protected void listenerFailed(Throwable e) {
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, e);
    }

    @Override
    protected void eventLoop() {
        Pointer events = FreeBsdNative.allocate((long) KeventLayout.SIZE * BATCH);
        try {
            while (!isClosed()) {
                List<Kevent> got = kq.await(events, BATCH, true);
                for (Kevent ev : got) {
                    if (isClosed()) break;
                    dispatch(ev);
                }
                Runnable r;
                while (!isClosed() && (r = queued.poll()) != null) r.run();
            }
        } finally {
            byToken.clear();
            processTokens.clear();
            fdTokens.clear();
            queued.clear();
            kq.close();
        }
    }

    private void dispatch(Kevent ev) {
        if (ev.filter() == EVFILT_USER) return; // the queue is drained after every batch
        if (ev.hasFlag(EV_ERROR)) return;       // only registrations made here can fail; they reported it
        long token = ev.udata();
        if (ev.filter() == EVFILT_READ) {
            if (!deliverReadable(token)) kq.change(Kevent.of(ev.ident(), EVFILT_READ, EV_DELETE, 0, 0, 0));
            return;
        }
        if ((ev.filter() == EVFILT_PROCDESC || ev.filter() == EVFILT_PROC) && (ev.fflags() & NOTE_EXIT) != 0) {
            if (byToken.remove(token) instanceof ProcessRegistration r) {
                processTokens.remove(r.process(), token);
                callExited(r, r.process().exitFromEvent(ev.data()));
            }
        }
    }

    private void callExited(ProcessRegistration r, ExitStatus status) {
        safely(() -> r.listener().exited(r.process(), status));
    }
}
