package org.pdsup.daemon.control;

/**
 * A request that cannot be done, with a stable machine-readable code (see docs/protocol.md):
 * {@code bad_request}, {@code unknown_op}, {@code no_such_service}, {@code forbidden}, {@code invalid_state},
 * {@code config_error}, {@code timeout}, {@code frame_too_large}, {@code unsupported_version},
 * {@code shutting_down}, {@code internal}.
 */
public class ControlException extends RuntimeException {
    private final String code;

    public ControlException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
