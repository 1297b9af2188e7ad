package org.pdsup.protocol;

/** Constants both ends of the control protocol agree on. Documented in docs/protocol.md. */
public final class Protocol {
    private Protocol() {}

    /** The protocol version this code speaks; the only one so far. */
    public static final int VERSION = 1;

    /** Where pdctl looks when neither {@code -s} nor {@code PDCTL_SOCKET} says otherwise. */
    public static final String DEFAULT_SOCKET = "/var/run/pdsupd.sock";

    /** The environment variable naming the socket for pdctl. */
    public static final String SOCKET_ENV = "PDCTL_SOCKET";

    /** Default limit on a request line (newline excluded), in bytes. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;

    /**
     * Limit clients apply to a response line. Responses are not bounded by the request limit: {@code status}
     * of a thousand services is several hundred KiB.
     */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    /** The {@code wait} timeout when the request names none, in milliseconds. */
    public static final long DEFAULT_WAIT_TIMEOUT_MS = 30_000;

    /** The longest {@code wait} timeout a request may ask for, in milliseconds (one day). */
    public static final long MAX_WAIT_TIMEOUT_MS = 86_400_000;

    /** Lines {@code logs} returns when the request names no count. */
    public static final int DEFAULT_LOG_LINES = 10;

    /** The most lines one {@code logs} request may ask for. */
    public static final int MAX_LOG_LINES = 10_000;

    /** The most names or globs one request may carry. */
    public static final int MAX_SERVICES_PER_REQUEST = 4096;
}
