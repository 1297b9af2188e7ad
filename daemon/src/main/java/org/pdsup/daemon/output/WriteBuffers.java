package org.pdsup.daemon.output;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The writer thread's few output buffers. A file holds one only between its first line of a batch and its
 * flush at the end of the batch, so a handful serve any number of services. Writer thread only.
 */
final class WriteBuffers {
    static final int SIZE = 256 * 1024;
    private static final int KEEP = 4;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    /** A cleared buffer with room for at least {@code min} bytes. */
    ByteBuffer take(int min) {
        if (min > SIZE) return ByteBuffer.allocate(min);
        ByteBuffer b = free.poll();
        return b != null ? b : ByteBuffer.allocate(SIZE);
    }

    void give(ByteBuffer b) {
        if (b.capacity() != SIZE || free.size() >= KEEP) return;
        b.clear();
        free.push(b);
    }
}
