package org.pdsup.daemon.output;

import java.util.Arrays;

/**
 * Cuts the bytes read from one stream into {@link Chunk}s that end on a line boundary, so that output is only
 * ever dropped, and written, in whole lines. The incomplete last line stays here until its newline arrives;
 * once it is longer than max-line it is cut into pieces of exactly max-line bytes (each {@link
 * LineTail#CONTINUED}), so what waits here is never more than max-line bytes.
 *
 * <p>Not thread-safe: its {@link CapturedStream} serialises access.
 */
final class LineChunker {
    private static final byte[] EMPTY = new byte[0];
    /** A partial-line buffer larger than this is given back when it empties. */
    private static final int KEEP_PARTIAL_CAPACITY = 4096;

    private final StreamKind stream;
    private final ServiceQueue queue;
    private final int maxLine;
    private byte[] partial = EMPTY;
    private int partialLength;
    /** The reservation of the read in progress, if its reader was admitted ({@link ServiceQueue#admit}). */
    private ServiceQueue.Credit credit;

    LineChunker(StreamKind stream, ServiceQueue queue, int maxLine) {
        this.stream = stream;
        this.queue = queue;
        this.maxLine = maxLine;
    }

    /** Chunks are charged to {@code credit} (the reader's reservation) while it lasts. */
    void useCredit(ServiceQueue.Credit credit) {
        this.credit = credit;
    }

    /**
     * The most the queue can be charged for the chunks of a read of {@code n} bytes, plus the flush of what
     * remains incomplete after it: every byte of the incomplete line and the read once, and the book-keeping of
     * one chunk per max-line piece, one for the lines, one for the flush.
     */
    long maxCharge(int n) {
        long bytes = (long) partialLength + n;
        return bytes + (long) Chunk.OVERHEAD * (2 + bytes / maxLine);
    }

    /** Takes {@code data[0..n)}, just read; the array may be reused by the caller afterwards. */
    void accept(byte[] data, int n, long timeMillis) {
        int last = lastNewline(data, n);
        if (last < 0) {
            appendPartial(data, 0, n);
            cutLongPartial(timeMillis);
            return;
        }
        int head = last + 1;
        byte[] chunk = new byte[partialLength + head];
        System.arraycopy(partial, 0, chunk, 0, partialLength);
        System.arraycopy(data, 0, chunk, partialLength, head);
        partialLength = 0;
        if (partial.length > KEEP_PARTIAL_CAPACITY) partial = EMPTY;
        queue.offer(stream, chunk, chunk.length, LineTail.NEWLINE, timeMillis, credit);
        if (head < n) {
            appendPartial(data, head, n - head);
            cutLongPartial(timeMillis);
        }
    }

    /**
     * The stream ended or its process exited: hand over the incomplete line as it is (the writer ends it with a
     * newline), and any pending drop count.
     */
    void flush(long timeMillis) {
        if (partialLength > 0) {
            byte[] chunk = Arrays.copyOf(partial, partialLength);
            partialLength = 0;
            if (partial.length > KEEP_PARTIAL_CAPACITY) partial = EMPTY;
            queue.offer(stream, chunk, chunk.length, LineTail.UNTERMINATED, timeMillis, credit);
        }
        queue.flushDropNotice(stream, timeMillis);
    }

    /** Live re-exec: gives away the incomplete last line (it goes on in the next program). */
    byte[] takePartial() {
        byte[] p = Arrays.copyOf(partial, partialLength);
        partialLength = 0;
        return p;
    }

    /** Live re-exec: the incomplete last line handed over by the previous program, or given back. */
    void restorePartial(byte[] p) {
        appendPartial(p, 0, p.length);
    }

    /** Bytes of the incomplete last line held here. */
    int partialLength() {
        return partialLength;
    }

    private void appendPartial(byte[] data, int off, int len) {
        int need = partialLength + len;
        if (need > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(need, Math.min(Math.max(64, partial.length * 2), maxLine + 1)));
        }
        System.arraycopy(data, off, partial, partialLength, len);
        partialLength = need;
    }

    /** Cut max-line pieces while more than max-line bytes wait (so a piece is only cut when the line goes on). */
    private void cutLongPartial(long timeMillis) {
        int off = 0;
        while (partialLength - off > maxLine) {
            byte[] piece = Arrays.copyOfRange(partial, off, off + maxLine);
            queue.offer(stream, piece, piece.length, LineTail.CONTINUED, timeMillis, credit);
            off += maxLine;
        }
        if (off > 0) {
            partialLength -= off;
            System.arraycopy(partial, off, partial, 0, partialLength);
        }
    }

    private static int lastNewline(byte[] data, int n) {
        for (int i = n - 1; i >= 0; i--) {
            if (data[i] == '\n') return i;
        }
        return -1;
    }
}
