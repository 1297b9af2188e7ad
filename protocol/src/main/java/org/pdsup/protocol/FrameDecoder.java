package org.pdsup.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits a byte stream into newline-terminated frames, bounding the length of each. A line may end in
 * {@code \n} or {@code \r\n}; lines that are empty or only blanks are skipped (so a person typing into
 * {@code socat} may press Enter freely). Not thread-safe: one decoder per connection.
 */
public final class FrameDecoder {
    private final int maxFrameBytes;
    private byte[] buf;
    private int len;
    private boolean broken;

    /** @param maxFrameBytes longest accepted line, newline excluded */
    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 16) throw new IllegalArgumentException("maxFrameBytes must be at least 16");
        this.maxFrameBytes = maxFrameBytes;
        this.buf = new byte[Math.min(maxFrameBytes + 1, 4096)];
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Bytes of an incomplete line held back, waiting for its newline. */
    public int pendingBytes() {
        return len;
    }

    /**
     * Consumes all of {@code in}, passing each complete frame to {@code sink}.
     *
     * @throws FrameTooLargeException when a line grows past the limit; the decoder is unusable afterwards
     */
    public void feed(ByteBuffer in, FrameSink sink) throws FrameTooLargeException {
        if (broken) throw new FrameTooLargeException(maxFrameBytes);
        while (in.hasRemaining()) {
            int start = in.position();
            int limit = in.limit();
            int nl = indexOfNewline(in, start, limit);
            int chunk = (nl < 0 ? limit : nl) - start;
            // a line may hold max bytes plus a '\r' before its newline
            if (len + chunk > maxFrameBytes + 1) {
                broken = true;
                len = 0;
                throw new FrameTooLargeException(maxFrameBytes);
            }
            if (len + chunk > buf.length) {
                buf = Arrays.copyOf(buf, Math.min(maxFrameBytes + 1, Math.max(len + chunk, buf.length * 2)));
            }
            in.get(buf, len, chunk);
            len += chunk;
            if (nl < 0) return;
            in.get(); // the newline
            emit(sink);
        }
    }

    /** Position of the first '\n' in [start, limit), or -1; a plain array loop when there is one (cheap cold). */
    private static int indexOfNewline(ByteBuffer in, int start, int limit) {
        if (in.hasArray()) {
            byte[] a = in.array();
            int off = in.arrayOffset();
            for (int i = start + off, end = limit + off; i < end; i++) {
                if (a[i] == '\n') return i - off;
            }
            return -1;
        }
        for (int i = start; i < limit; i++) {
            if (in.get(i) == '\n') return i;
        }
        return -1;
    }

    /** Same as {@link #feed(ByteBuffer, FrameSink)} over an array slice. */
    public void feed(byte[] data, int offset, int length, FrameSink sink) throws FrameTooLargeException {
        feed(ByteBuffer.wrap(data, offset, length), sink);
    }

    private void emit(FrameSink sink) throws FrameTooLargeException {
        int end = len;
        if (end > 0 && buf[end - 1] == '\r') end--;
        len = 0;
        if (end > maxFrameBytes) {
            broken = true;
            throw new FrameTooLargeException(maxFrameBytes);
        }
        int start = 0;
        while (start < end && isBlank(buf[start])) start++;
        if (start == end) return;
        sink.frame(buf, 0, end);
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }
}
