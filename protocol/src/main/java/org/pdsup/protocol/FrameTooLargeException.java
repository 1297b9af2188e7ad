package org.pdsup.protocol;

/** A line longer than the frame limit arrived; the connection cannot be resynchronised and must close. */
public class FrameTooLargeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int limit;

    public FrameTooLargeException(int limit) {
        super("frame exceeds " + limit + " bytes without a newline");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
