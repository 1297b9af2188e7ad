package org.pdsup.daemon.output;

import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.Pipe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipe a service writes its stdout or stderr (or both) into. The kernel-event thread calls
 * {@link #readable} when there is something to read; it reads without blocking into the stream's
 * {@link LineChunker}, which hands whole lines to the service's bounded {@link ServiceQueue}. {@link #drainNow}
 * does the same from the thread reporting the exit. A lock per stream keeps the two from reading at once, and
 * from reading a descriptor after it was closed.
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
    private final Runnable onEnd;
    private boolean writeEndClosed;
    private boolean readEndClosed;
    private boolean watching;

    /**
     * @param onEnd called once, holding no lock of this stream's caller, when the read end is closed (end of file,
     *              abandon, or close)
     */
    CapturedStream(PipeIo io, ExitWatcher watcher, Pipe pipe, LineChunker chunker, Runnable onEnd) {
        this.io = io;
        this.watcher = watcher;
        this.pipe = pipe;
        this.chunker = chunker;
        this.onEnd = onEnd;
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
        watching = true;
        watcher.watchReadable(pipe.readFd(), this::readable);
    }

    /** Kernel-event thread: the pipe is readable or hung up. */
    void readable(int fd) {
        boolean ended;
        synchronized (this) {
            if (readEndClosed || fd != pipe.readFd()) return;
            ended = readSome(MAX_BYTES_PER_WAKE);
        }
        if (ended) onEnd.run();
    }

    /**
     * The process exited: read what its pipe holds now, without waiting for end of file (a descendant may keep
     * the pipe open), and hand over its incomplete last line.
     */
    void drainNow() {
        boolean ended;
        synchronized (this) {
            if (readEndClosed) return;
            ended = readSome(MAX_BYTES_AT_EXIT);
            if (!ended) chunker.flush(System.currentTimeMillis());
        }
        if (ended) onEnd.run();
    }

    /** Closes both ends (spawn failed, service forgotten, capture closed). */
    void close() {
        boolean ended;
        synchronized (this) {
            closeWriteEnd();
            if (!readEndClosed) chunker.flush(System.currentTimeMillis());
            ended = closeReadEnd();
        }
        if (ended) onEnd.run();
    }

    synchronized boolean ended() {
        return readEndClosed;
    }

    /** Reads until the pipe is empty, at end of file, or after {@code limit} bytes; true at end of file. */
    private boolean readSome(int limit) {
        byte[] scratch = SCRATCH.get();
        long now = System.currentTimeMillis();
        int total = 0;
        while (total < limit) {
            int n;
            try {
                n = io.read(pipe.readFd(), scratch, 0, scratch.length);
            } catch (RuntimeException e) {
                log.warn("reading output pipe {}: {}; closing it", pipe.readFd(), e.getMessage());
                n = -1;
            }
            if (n == 0) return false;
            if (n < 0) {
                chunker.flush(now);
                return closeReadEnd();
            }
            chunker.accept(scratch, n, now);
            total += n;
        }
        return false;
    }

    private void closeWriteEnd() {
        if (writeEndClosed) return;
        writeEndClosed = true;
        closeQuietly(pipe.writeFd());
    }

    /** True if this call closed it. */
    private boolean closeReadEnd() {
        if (readEndClosed) return false;
        readEndClosed = true;
        if (watching) {
            watching = false;
            try {
                watcher.unwatchFd(pipe.readFd());
            } catch (RuntimeException e) {
                log.debug("unwatch of output pipe {}: {}", pipe.readFd(), e.getMessage());
            }
        }
        closeQuietly(pipe.readFd());
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
