package org.pdsup.daemon.control;

/** The control server could not start; the message says why and what to check. */
public class ControlServerException extends Exception {
    private static final long serialVersionUID = 1L;

    public ControlServerException(String message) {
        super(message);
    }

    public ControlServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
