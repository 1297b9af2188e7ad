package org.pdsup.config;

/** What output capture does when a service's buffer is full ({@code output.overflow}). */
public enum OutputOverflow {
    /**
     * Stop reading the service's pipes until the writer catches up, so the service waits in write(2) as it would
     * on a slow file or terminal; for at most {@code output.max-stall} at a time, then drop.
     */
    BLOCK,
    /** Never make the service wait: drop what does not fit and count it. */
    DROP
}
