package org.pdsup.procdesc.freebsd;

import java.util.ArrayList;
import java.util.List;

import jnr.ffi.Pointer;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/** A kqueue(2) descriptor (close-on-exec) and kevent(2) calls on it, in the 64-byte kevent layout. */
final class Kqueue implements AutoCloseable {
    private final FreeBsdLibc libc;
    private final int fd;
    private volatile boolean closed;

    private Kqueue(FreeBsdLibc libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    static Kqueue open(FreeBsdLibc libc) {
        int kq = libc.kqueue();
        if (kq < 0) throw new NativeCallException("kqueue()", FreeBsdNative.errno());
        if (libc.fcntl(kq, F_SETFD, FD_CLOEXEC) < 0) {
            int e = FreeBsdNative.errno();
            libc.close(kq);
            throw new NativeCallException("fcntl(" + kq + ", F_SETFD, FD_CLOEXEC)", e);
        }
        return new Kqueue(libc, kq);
    }

    int fd() {
        return fd;
    }

    /**
     * Applies one change; returns 0 or the errno of its failure (kevent with no event list reports a failing
     * change as -1/errno).
     */
    int change(Kevent change) {
        Pointer list = FreeBsdNative.allocate(KeventLayout.SIZE);
        change.write(list, 0);
        while (true) {
            int r = libc.kevent(fd, list, 1, null, 0, null);
            if (r >= 0) return 0;
            int e = FreeBsdNative.errno();
            if (e != EINTR) return e;
        }
    }

    /**
     * Waits for events: blocks with a NULL timeout when {@code block}, else polls once with a zero timeout.
     * EINTR returns an empty list.
     */
    List<Kevent> await(Pointer eventBuffer, int capacity, boolean block) {
        Pointer timeout = null;
        if (!block) timeout = FreeBsdNative.allocate(TimespecLayout.SIZE);
        int n = libc.kevent(fd, null, 0, eventBuffer, capacity, timeout);
        if (n < 0) {
            int e = FreeBsdNative.errno();
            if (e == EINTR) return List.of();
            throw new NativeCallException("kevent(" + fd + ")", e);
        }
        List<Kevent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(Kevent.read(eventBuffer, i));
        return out;
    }

    /** Wakes a thread blocked in {@link #await}: triggers the EVFILT_USER event {@code ident}. */
    void trigger(long ident) {
        int e = change(Kevent.of(ident, EVFILT_USER, 0, NOTE_TRIGGER, 0, ident));
        if (e != 0 && !closed) throw new NativeCallException("kevent(EVFILT_USER NOTE_TRIGGER)", e);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        libc.close(fd);
    }

    /**
     * Waits on a private kqueue for the exit of one process: {@code EVFILT_PROCDESC} on a descriptor or
     * {@code EVFILT_PROC} on a PID. Returns the NOTE_EXIT data (the wait status), -1 for a process that was
     * already gone (EV_ADD failed with ESRCH), or {@code null} when {@code !block} and it still runs.
     */
    static Long awaitExit(FreeBsdLibc libc, short filter, long ident, boolean block) {
        try (Kqueue kq = open(libc)) {
            int e = kq.change(Kevent.of(ident, filter, EV_ADD, NOTE_EXIT, 0, 0));
            if (e == ESRCH) return -1L;
            if (e != 0) throw new NativeCallException("kevent(EV_ADD " + ident + ", NOTE_EXIT)", e);
            Pointer buf = FreeBsdNative.allocate(KeventLayout.SIZE);
            while (true) {
                List<Kevent> evs = kq.await(buf, 1, block);
                for (Kevent ev : evs) {
                    if (ev.hasFlag(EV_ERROR)) {
                        if (ev.data() == ESRCH) return -1L;
                        throw new NativeCallException("kevent(" + ident + ")", (int) ev.data());
                    }
                    if ((ev.fflags() & NOTE_EXIT) != 0) return ev.data();
                }
                if (!block) return null;
            }
        }
    }
}
