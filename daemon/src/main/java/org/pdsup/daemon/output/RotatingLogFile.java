package org.pdsup.daemon.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log file with size rotation: before a line would take the file past max-size, the file becomes
 * {@code NAME.1} (older ones shift to {@code .2} … {@code .keep}, the oldest is removed; see {@link Rotations})
 * and a new one is started, so a line never straddles two files. max-size 0 leaves rotation to newsyslog(8) and
 * {@link #reopen()}.
 *
 * <p>Lines are gathered in a buffer and written with whole lines only. When a write fails (disk full), the
 * file is cut back to where that write began, the lines are dropped and counted, and a notice line is written
 * before the next line that gets through. Writer thread only.
 */
final class RotatingLogFile implements LineSink {
    private static final Logger log = LoggerFactory.getLogger(RotatingLogFile.class);
    private static final byte[] MARK = CONTINUED_MARK.getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final AtomicLong dropped;
    private final LinePublisher publisher;
    private final WriteBuffers buffers;
    private final Rotations rotations;
    private final TimestampPrefix timestamp = new TimestampPrefix();
    private long maxSize;
    private int keep;
    private boolean timestamps;

    private FileChannel channel;
    private long fileSize;
    private ByteBuffer buf;
    private long rawInBuf;
    private long noticeInBuf;
    private long pendingNotice;
    private boolean mayOpen = true;
    private boolean failing;
    private boolean rotationFailing;

    RotatingLogFile(Path path, long maxSize, int keep, boolean timestamps, AtomicLong dropped, LinePublisher publisher,
                    WriteBuffers buffers, Rotations rotations) {
        this.path = path;
        this.rotations = rotations;
        this.dropped = dropped;
        this.publisher = publisher;
        this.buffers = buffers;
        configure(maxSize, keep, timestamps);
    }

    Path path() {
        return path;
    }

    void configure(long maxSize, int keep, boolean timestamps) {
        this.maxSize = maxSize;
        this.keep = keep;
        this.timestamps = timestamps;
    }

    /** The name of the {@code index}-th rotated file of {@code current}: {@code output.log.3}. */
    static Path rotated(Path current, int index) {
        return current.resolveSibling(current.getFileName() + "." + index);
    }

    @Override
    public void line(StreamKind stream, byte[] data, int off, int len, boolean continued, long rawBytes, long timeMillis) {
        notice(stream, timeMillis);
        if (!append(stream, data, off, len, continued, rawBytes, timeMillis)) {
            dropped.addAndGet(rawBytes);
            pendingNotice += rawBytes;
        }
    }

    @Override
    public void dropped(StreamKind stream, long bytes, long timeMillis) {
        pendingNotice += bytes;
        notice(stream, timeMillis);
    }

    private void notice(StreamKind stream, long timeMillis) {
        if (pendingNotice == 0) return;
        long n = pendingNotice;
        pendingNotice = 0;
        byte[] notice = LineSink.dropNotice(n).getBytes(StandardCharsets.US_ASCII);
        if (append(stream, notice, 0, notice.length, false, 0, timeMillis)) {
            noticeInBuf += n;
        } else {
            pendingNotice += n;
        }
    }

    @Override
    public boolean takesRuns() {
        return !timestamps && !publisher.wantsLines();
    }

    @Override
    public void lines(StreamKind stream, byte[] data, int off, int len, long timeMillis) {
        notice(stream, timeMillis);
        int end = off + len;
        while (off < end) {
            if (!ensureOpen()) {
                dropped.addAndGet(end - off);
                pendingNotice += end - off;
                return;
            }
            int take = end - off;
            long size = fileSize + (buf == null ? 0 : buf.position());
            if (maxSize > 0 && size + take > maxSize) {
                int nl = size < maxSize ? lastNewline(data, off, off + (int) Math.min(maxSize - size, take)) : -1;
                if (nl >= 0) {
                    take = nl + 1 - off;
                } else if (size > 0) {
                    flush();
                    rotate();
                    continue;
                } else {
                    take = firstNewline(data, off, end) + 1 - off; // one line longer than max-size: a file of its own
                }
            }
            put(data, off, take);
            off += take;
        }
    }

    /** Copies whole lines into the buffer; a buffer is only ever written out at a line end. */
    private void put(byte[] data, int off, int len) {
        int end = off + len;
        while (off < end) {
            if (buf == null) buf = buffers.take(firstNewline(data, off, end) + 1 - off);
            int take = end - off;
            if (take > buf.remaining()) {
                int nl = lastNewline(data, off, off + buf.remaining());
                if (nl < 0) {
                    flush();
                    continue;
                }
                take = nl + 1 - off;
            }
            buf.put(data, off, take);
            rawInBuf += take;
            off += take;
        }
    }

    /** Index of the last newline in {@code data[from..to)}, or -1. */
    private static int lastNewline(byte[] data, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (data[i] == '\n') return i;
        }
        return -1;
    }

    /** Index of the first newline in {@code data[from..to)} (a run always has one), else {@code to - 1}. */
    private static int firstNewline(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == '\n') return i;
        }
        return to - 1;
    }

    /** False when the file cannot be opened (the caller drops the line). */
    private boolean append(StreamKind stream, byte[] data, int off, int len, boolean continued, long raw, long timeMillis) {
        if (!ensureOpen()) return false;
        int outLen = (timestamps ? TimestampPrefix.LENGTH : 0) + len + (continued ? MARK.length : 0) + 1;
        long size = fileSize + (buf == null ? 0 : buf.position());
        if (maxSize > 0 && size > 0 && size + outLen > maxSize) {
            flush();
            rotate();
            if (!ensureOpen()) return false;
        }
        if (buf != null && buf.remaining() < outLen) flush();
        if (buf == null) buf = buffers.take(outLen);
        int start = buf.position();
        if (timestamps) timestamp.put(buf, timeMillis);
        buf.put(data, off, len);
        if (continued) buf.put(MARK);
        publisher.publish(stream, buf.array(), buf.arrayOffset() + start, buf.position() - start);
        buf.put((byte) '\n');
        rawInBuf += raw;
        return true;
    }

    @Override
    public void flush() {
        mayOpen = true;
        if (buf == null) return;
        ByteBuffer b = buf;
        buf = null;
        try {
            if (b.position() == 0 || channel == null) return;
            b.flip();
            long start = fileSize;
            try {
                while (b.hasRemaining()) channel.write(b);
                fileSize = channel.size();
                if (failing) {
                    failing = false;
                    log.info("writing {} again", path);
                }
            } catch (IOException e) {
                cutBack(start);
                dropped.addAndGet(rawInBuf);
                pendingNotice += rawInBuf + noticeInBuf;
                if (!failing) {
                    failing = true;
                    log.warn("cannot write {}: {}; dropping output until writing works again", path, e.toString());
                }
            }
        } finally {
            rawInBuf = 0;
            noticeInBuf = 0;
            buffers.give(b);
        }
    }

    /** Removes the part of a failed write that did get in, so the file ends with a whole line. */
    private void cutBack(long size) {
        try {
            if (channel.size() > size) channel.truncate(size);
            fileSize = size;
        } catch (IOException e) {
            log.warn("cannot cut {} back to {} bytes after a failed write: {}", path, size, e.toString());
        }
    }

    private void rotate() {
        closeChannel();
        try {
            rotations.rotate(path, keep);
            rotationFailing = false;
        } catch (IOException e) {
            if (!rotationFailing) {
                rotationFailing = true;
                log.warn("cannot rotate {}: {}; writing on to it", path, e.toString());
            }
        }
    }

    private boolean ensureOpen() {
        if (channel != null) return true;
        if (!mayOpen) return false;
        try {
            channel = LogFiles.openForAppend(path); // rw-r-----, O_NOFOLLOW, ours only
            fileSize = channel.size();
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            mayOpen = false;
            if (!failing) {
                failing = true;
                log.warn("cannot open {}: {}; dropping output until it can be opened", path, e.toString());
            }
            return false;
        }
    }

    @Override
    public void reopen() {
        flush();
        closeChannel();
        ensureOpen();
    }

    @Override
    public void close() {
        flush();
        closeChannel();
    }

    private void closeChannel() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("closing {}: {}", path, e.toString());
        }
        channel = null;
    }
}
