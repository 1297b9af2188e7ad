package org.pdsup.protocol;

import java.util.Locale;

/** The stable, machine-readable error codes of the protocol. On the wire a code is its lower-case name. */
public enum ErrorCode {
    /** The request is malformed: not JSON, not UTF-8, a missing or mistyped field. */
    BAD_REQUEST,
    /** The {@code op} is not one this server knows. */
    UNKNOWN_OP,
    /** A name or glob matched no configured service. */
    NO_SUCH_SERVICE,
    /** The peer's role does not allow the op. */
    FORBIDDEN,
    /** The op cannot be done in the service's (or the server's) present state. */
    INVALID_STATE,
    /** {@code reload} found errors in the configuration and changed nothing. */
    CONFIG_ERROR,
    /** {@code wait} (or an op with a deadline) ran out of time. */
    TIMEOUT,
    /** A request line exceeded the frame limit; the server closes the connection after this error. */
    FRAME_TOO_LARGE,
    /** {@code hello} asked for a protocol version this server does not speak. */
    UNSUPPORTED_VERSION,
    /** The daemon is shutting down and accepts no more requests. */
    SHUTTING_DOWN,
    /**
     * pdsupd is re-executing itself ({@code reexec}): the request was not done; connect again, the new program
     * answers on the same socket in a moment.
     */
    RESTARTING,
    /** The server's connection limit is reached; the server closes the connection after this error. */
    TOO_MANY_CONNECTIONS,
    /** A bug or an unexpected failure in the daemon; the message says what. */
    INTERNAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code for a wire name, or {@link #INTERNAL} for one this client does not know. */
    public static ErrorCode fromWire(String s) {
        if (s != null) {
            for (ErrorCode c : values()) {
                if (c.wire().equals(s)) return c;
            }
        }
        return INTERNAL;
    }
}
