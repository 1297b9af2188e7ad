package org.pdsup.protocol;

/**
 * A request that was refused while being read or validated. Carries the request id when it could be read,
 * so the error response can name it.
 */
public class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final Long requestId;

    public ProtocolException(ErrorCode code, String message, Long requestId) {
        super(message);
        this.code = code;
        this.requestId = requestId;
    }

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The id of the refused request, or null when it could not be read. */
    public Long requestId() {
        return requestId;
    }
}
