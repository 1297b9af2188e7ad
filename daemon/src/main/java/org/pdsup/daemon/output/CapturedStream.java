package org.pdsup.daemon.output;

import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.Pipe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipe a service writes its stdout or stderr (or both) into. The kernel-event thread calls
 * {@link #readable} when there is something to read; it reads without blocking into the stream's
 * {@link LineChunker}, which hands whole lines to the service's bounded {@link ServiceQueue}. A lock per
 * stream keeps the readers (kernel-event thread, exit drain, resume) from reading at once, and from reading a
 * descriptor after it was closed.
 *
 * <p>Before each read the queue admits it ({@link ServiceQueue#admit}): with {@code overflow = block}, when
 * the service's buffer (or the global budget) has no room the stream stops watching its pipe, so the service
 * blocks in write(2) once the pipe is full, and nothing else waits: the kernel-event thread goes on with the
 * other descriptors. The queue resumes the stream (on its resume thread) once the writer has made room, or
 * after max-stall, when it drops instead.
 */
final class CapturedStream {
    private static final Logger log = LoggerFactory.getLogger(CapturedStream.class);
    /** Bytes read per read(2): the default pipe capacity on both systems (Linux 16 pages, FreeBSD 64 KiB). */
    static final int READ_SIZE = 64 * 1024;
    /** At most this much per wake-up, then back to the event loop (level-triggered: it comes back). */
    private static final int MAX_BYTES_PER_WAKE = 1024 * 1024;
    /** At exit, read what is in the pipe, but stop after this much if a descendant keeps writing. */
    private static final int MAX_BYTES_AT_EXIT = 4 * 1024 * 1024;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[READ_SIZE]);

    private final PipeIo io;
    private final ExitWatcher watcher;
    private final Pipe pipe;
    private final LineChunker chunker;
    private final ServiceQueue queue;
    private final Runnable onEnd;
    private final ServiceQueue.Credit credit = new ServiceQueue.Credit();
    private final Runnable resumer = this::resume;
    private boolean writeEndClosed;
    private boolean readEndClosed;
    /** {@link #start} ran: the pipe is to be watched unless paused. */
    private boolean started;
    /** Registered with the kernel-event thread now. */
    private boolean registered;
    /** Given to the next program (live re-exec): never read here again, unless the exec failed. */
    private boolean handedOver;
    /** Not reading until the queue has room. */
    private boolean paused;
    /** The process exited: run this once what its pipe held then is read (or dropped). */
    private Runnable exitDrain;
    private long exitLeft;
    /** An exit drain that has just finished, to be run outside the lock. */
    private Runnable drained;

    /**
     * @param onEnd called once, holding no lock of this stream's caller, when the read end is closed (end of file,
     *              abandon, or close)
     */
    CapturedStream(PipeIo io, ExitWatcher watcher, Pipe pipe, LineChunker chunker, ServiceQueue queue, Runnable onEnd) {
        this.io = io;
        this.watcher = watcher;
        this.pipe = pipe;
        this.chunker = chunker;
        this.queue = queue;
        this.onEnd = onEnd;
        chunker.useCredit(credit);
        io.setNonBlocking(pipe.readFd());
    }

    /** The descriptor the child gets as stdout or stderr. */
    int childEnd() {
        return pipe.writeFd();
    }

    /** After a successful spawn: close the child's end here and start reading. */
    synchronized void start() {
        closeWriteEnd();
        if (readEndClosed) return;
        started = true;
        if (!paused) register();
    }

    /**
     * Live re-exec: stops reading for good and gives away the read end and the incomplete last line; null when
     * the pipe is already closed. Undone by {@link #undoHandOver}.
     */
    synchronized HandedOverStream handOver(StreamKind kind) {
        if (readEndClosed) return null;
        handedOver = true;
        unregister();
        return new HandedOverStream(kind, pipe.readFd(), chunker.takePartial());
    }

    /** The exec failed: read again, with the incomplete line given back. */
    void undoHandOver(HandedOverStream s) {
        synchronized (this) {
            if (!handedOver) return;
            handedOver = false;
            chunker.restorePartial(s.partialLine());
            if (started && !paused) register();
        }
        readable(pipe.readFd());
    }

    /** Kernel-event thread: the pipe is readable or hung up. */
    void readable(int fd) {
        boolean ended;
        Runnable done;
        synchronized (this) {
            if (readEndClosed || paused || handedOver || fd != pipe.readFd()) return;
            ended = pump(MAX_BYTES_PER_WAKE);
            done = takeDrained();
        }
        after(ended, done);
    }

    /**
     * The process exited: read what its pipe holds now, without waiting for end of file (a descendant may keep
     * the pipe open), and hand over its incomplete last line; then run {@code done}. When the queue has no room
     * this goes on once it has (at most max-stall later), so nothing the process wrote before its exit is lost.
     */
    void drainAtExit(Runnable done) {
        boolean ended = false;
        Runnable now;
        synchronized (this) {
            if (readEndClosed || handedOver) {
                now = done; // handed over: what is still in the pipe is the next program's to read
            } else {
                exitDrain = done;
                exitLeft = MAX_BYTES_AT_EXIT;
                if (!paused) ended = pump(MAX_BYTES_AT_EXIT);
                now = takeDrained();
            }
        }
        after(ended, now);
    }

    /** Closes both ends (spawn failed, service forgotten, capture closed). */
    void close() {
        boolean ended;
        Runnable done;
        synchronized (this) {
            closeWriteEnd();
            if (!readEndClosed) chunker.flush(System.currentTimeMillis());
            ended = closeReadEnd();
            done = takeDrained();
        }
        after(ended, done);
    }

    synchronized boolean ended() {
        return readEndClosed;
    }

    /** True while reading waits for room in the queue (tests). */
    synchronized boolean paused() {
        return paused;
    }

    /** Resume thread: the queue has room (or max-stall passed): read again. */
    private void resume() {
        boolean ended;
        Runnable done;
        synchronized (this) {
            if (!paused || readEndClosed) return;
            paused = false;
            if (handedOver) return;
            if (started) register();
            if (exitDrain == null) return;
            // a drained pipe held open by a descendant would never wake the event thread: finish here
            ended = pump(MAX_BYTES_PER_WAKE);
            done = takeDrained();
        }
        after(ended, done);
    }

    private void after(boolean ended, Runnable done) {
        if (ended) onEnd.run();
        if (done != null) done.run();
    }

    /**
     * Reads until the pipe is empty, at end of file, after {@code limit} bytes, or until the queue has no room
     * (then pauses); true at end of file.
     */
    private boolean pump(long limit) {
        byte[] scratch = SCRATCH.get();
        long now = System.currentTimeMillis();
        long total = 0;
        while (total < limit) {
            long grant = queue.admit(chunker.maxCharge(READ_SIZE), resumer);
            if (grant == ServiceQueue.PAUSE) {
                pause();
                return false;
            }
            credit.left = Math.max(grant, 0);
            try {
                int n;
                try {
                    n = io.read(pipe.readFd(), scratch, 0, scratch.length);
                } catch (RuntimeException e) {
                    log.warn("reading output pipe {}: {}; closing it", pipe.readFd(), e.getMessage());
                    n = -1;
                }
                if (n == 0) {
                    if (exitDrain != null) finishExitDrain(now);
                    return false;
                }
                if (n < 0) {
                    chunker.flush(now);
                    return closeReadEnd();
                }
                chunker.accept(scratch, n, now);
                total += n;
                if (exitDrain != null && (exitLeft -= n) <= 0) {
                    finishExitDrain(now);
                    return false;
                }
            } finally {
                queue.refund(credit);
            }
        }
        return false;
    }

    private void finishExitDrain(long now) {
        chunker.flush(now);
        drained = exitDrain;
        exitDrain = null;
    }

    private Runnable takeDrained() {
        Runnable d = drained;
        drained = null;
        return d;
    }

    private void register() {
        if (registered) return;
        try {
            watcher.watchReadable(pipe.readFd(), this::readable);
            registered = true;
        } catch (RuntimeException e) {
            log.warn("cannot watch output pipe {}: {}", pipe.readFd(), e.getMessage());
        }
    }

    private void pause() {
        paused = true;
        unregister();
    }

    private void unregister() {
        if (!registered) return;
        registered = false;
        try {
            watcher.unwatchFd(pipe.readFd());
        } catch (RuntimeException e) {
            log.debug("unwatch of output pipe {}: {}", pipe.readFd(), e.getMessage());
        }
    }

    private void closeWriteEnd() {
        if (writeEndClosed) return;
        writeEndClosed = true;
        if (pipe.writeFd() >= 0) closeQuietly(pipe.writeFd()); // < 0: inherited read end only
    }

    /** True if this call closed it. An exit drain still pending is finished (nothing more can be read). */
    private boolean closeReadEnd() {
        if (readEndClosed) return false;
        readEndClosed = true;
        unregister();
        closeQuietly(pipe.readFd());
        if (exitDrain != null) {
            drained = exitDrain;
            exitDrain = null;
        }
        return true;
    }

    private void closeQuietly(int fd) {
        try {
            io.close(fd);
        } catch (RuntimeException e) {
            log.warn("closing output pipe descriptor {}: {}", fd, e.getMessage());
        }
    }
}
