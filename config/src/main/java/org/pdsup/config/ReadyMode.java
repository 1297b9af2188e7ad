package org.pdsup.config;

/** When a starting service counts as ready ({@code services.NAME.ready.mode}). */
public enum ReadyMode {
    /** Ready as soon as it has been executed. */
    STARTED,
    /** Ready if still alive after {@code ready.delay}. */
    DELAY,
    /** Ready when it writes a newline to descriptor {@code ready.fd}. */
    NOTIFY_FD,
    /** Ready when {@code ready.host:ready.port} accepts a TCP connection. */
    TCP,
    /** Ready when {@code ready.command} exits 0 (run again every 100 ms until it does). */
    EXEC
}
