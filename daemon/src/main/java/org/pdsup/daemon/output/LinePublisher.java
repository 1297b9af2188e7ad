package org.pdsup.daemon.output;

/** Receives every line as it is written (its final text, without the newline), for {@code pdctl logs -f}. */
interface LinePublisher {

    /** Writer thread; {@code data} is only valid during the call. */
    void publish(StreamKind stream, byte[] data, int off, int len);

    /** False when nobody listens now: lines need not be published one by one. */
    default boolean wantsLines() {
        return true;
    }

    LinePublisher NONE = new LinePublisher() {
        @Override public void publish(StreamKind stream, byte[] data, int off, int len) { }
        @Override public boolean wantsLines() { return false; }
    };
}
