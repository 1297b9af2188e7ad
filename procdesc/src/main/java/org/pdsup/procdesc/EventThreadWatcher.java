package org.pdsup.procdesc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The skeleton both {@link ExitWatcher}s share: one daemon thread blocked in the kernel's event call (kevent on
 * FreeBSD, epoll_wait on Linux) with no timeout, woken by the subclass's wake-up event; registrations keyed by
 * a unique token (never by descriptor number, so an event queued for a descriptor closed and reused meanwhile is
 * recognised and dropped); the readable-descriptor registrations; delivery of listener calls that never kill the
 * thread; and {@link #close()}, which stops the thread and waits for it unless called on it.
 *
 * @param <P> the backend's process descriptor type, the key of process registrations
 */
public abstract class EventThreadWatcher<P extends ProcessDescriptor> implements ExitWatcher {
    /** A readable-descriptor registration. */
    protected record FdWatch(long token, int fd, ReadableListener listener) {}

    private final AtomicLong tokens;
    /** Registration by token: {@link FdWatch} or the subclass's process registration. */
    protected final Map<Long, Object> byToken = new ConcurrentHashMap<>();
    protected final Map<P, Long> processTokens = new ConcurrentHashMap<>();
    protected final Map<Integer, Long> fdTokens = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Thread thread;

    /** @param firstToken the first token handed out (the ones below are the subclass's own, e.g. its wake-up) */
    protected EventThreadWatcher(long firstToken) {
        this.tokens = new AtomicLong(firstToken);
    }

    /** Starts the event thread; call once, at the end of the subclass's constructor. */
    protected final void start(String threadName) {
        thread = new Thread(this::eventLoop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The event thread's body: wait for events and dispatch them until {@link #isClosed()}. */
    protected abstract void eventLoop();

    /** Makes the event thread return from its blocking call (it then sees {@link #isClosed()} or queued work). */
    protected abstract void wake();

    /** Adds {@code fd} for readability with {@code token}; throws the backend's exception when it cannot. */
    protected abstract void addReadable(int fd, long token);

    /** Removes {@code fd}'s readability registration (errors ignored: the caller may have closed it). */
    protected abstract void removeReadable(int fd);

    /** A listener threw: report it without stopping the thread. */
    protected abstract void listenerFailed(Throwable e);

    /** After {@link #close()} stopped the thread (or, called on the thread, marked it to stop). */
    protected void afterClose() {}

    protected final boolean isClosed() {
        return closed;
    }

    protected final long nextToken() {
        return tokens.getAndIncrement();
    }

    protected final void ensureOpen() {
        if (closed) throw new IllegalStateException("exit watcher " + thread.getName() + " is closed");
    }

    @Override
    public final void watchReadable(int fd, ReadableListener listener) {
        ensureOpen();
        if (fd < 0) throw new IllegalArgumentException("bad descriptor " + fd);
        unwatchFd(fd);
        long token = nextToken();
        byToken.put(token, new FdWatch(token, fd, listener));
        fdTokens.put(fd, token);
        try {
            addReadable(fd, token);
        } catch (RuntimeException e) {
            byToken.remove(token);
            fdTokens.remove(fd, token);
            throw e;
        }
    }

    @Override
    public final void unwatchFd(int fd) {
        Long token = fdTokens.remove(fd);
        if (token == null) return;
        byToken.remove(token);
        if (!closed) removeReadable(fd);
    }

    /** Calls the readable listener registered under {@code token}; false when none is (a stale event). */
    protected final boolean deliverReadable(long token) {
        if (!(byToken.get(token) instanceof FdWatch f)) return false;
        safely(() -> f.listener().readable(f.fd()));
        return true;
    }

    /** Runs a listener call; whatever it throws goes to {@link #listenerFailed} and the thread carries on. */
    protected final void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            listenerFailed(e);
        }
    }

    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        wake();
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        afterClose();
    }
}
