package org.pdsup.protocol;

/** Receives complete frames from a {@link FrameDecoder}. */
@FunctionalInterface
public interface FrameSink {
    /**
     * One line without its terminating {@code \n} (and without a {@code \r} before it). The array is the
     * decoder's own buffer and is reused: copy what you keep before returning.
     */
    void frame(byte[] data, int offset, int length);
}
