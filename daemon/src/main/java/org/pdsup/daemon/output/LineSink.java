package org.pdsup.daemon.output;

/**
 * Where the writer thread puts the lines of one stream: a {@link RotatingLogFile} or a {@link SyslogSink}.
 * Used by the writer thread only. A sink never throws for I/O trouble: it drops, counts and logs.
 */
interface LineSink {

    /**
     * One line of output, or one piece of a line longer than max-line.
     *
     * @param data       the content, without its newline
     * @param continued  this is a piece and the line goes on: the sink marks it ({@link #CONTINUED_MARK})
     * @param rawBytes   how many bytes of the service's output this stands for (counted if it is dropped)
     * @param timeMillis when it was read
     */
    void line(StreamKind stream, byte[] data, int off, int len, boolean continued, long rawBytes, long timeMillis);

    /**
     * True when {@link #lines} may be used: the sink writes lines unchanged (no timestamp, nobody following).
     */
    default boolean takesRuns() {
        return false;
    }

    /**
     * A run of whole lines, each ending with a newline and none longer than max-line, to be written unchanged
     * (only when {@link #takesRuns()}). Saves the per-line work for the common case.
     */
    default void lines(StreamKind stream, byte[] data, int off, int len, long timeMillis) {
        throw new UnsupportedOperationException("this sink takes lines one by one");
    }

    /**
     * {@code bytes} of output were dropped just here: write the notice line now (if that fails too, it is
     * written before the next line that gets through).
     */
    void dropped(StreamKind stream, long bytes, long timeMillis);

    /** Hands everything buffered to the kernel. */
    void flush();

    /** Reopens the file (external rotation); no-op for syslog. */
    void reopen();

    /** Flushes and releases the file or socket. */
    void close();

    /** Appended to each piece of a split line but the last. */
    String CONTINUED_MARK = " [continued]";

    /** The notice line written where output was dropped. */
    static String dropNotice(long bytes) {
        return "pdsupd: dropped " + bytes + " bytes of output";
    }
}
