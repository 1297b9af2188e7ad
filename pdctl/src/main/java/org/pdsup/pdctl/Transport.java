package org.pdsup.pdctl;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The byte stream to pdsupd's control protocol: its socket here, or ssh to another host's. */
interface Transport extends Closeable {
    /** Reads some bytes into {@code buffer}; -1 at the end. */
    int read(ByteBuffer buffer) throws IOException;

    /** Writes all of {@code buffer}, then flushes. */
    void write(ByteBuffer buffer) throws IOException;

    /** The failure to report when the other end closed before the answer was complete. */
    CommandFailure closed();

    /** The failure to report for an I/O error. */
    CommandFailure lost(IOException e);

    @Override
    void close();
}
