package org.pdsup.daemon.reexec;

/** A live re-exec cannot go ahead, or a handover cannot be read; the message says why. */
public final class HandoverException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean configError;

    public HandoverException(String message) {
        this(message, false);
    }

    /** @param configError the configuration is what is wrong (pdctl: exit status 78) */
    public HandoverException(String message, boolean configError) {
        super(message);
        this.configError = configError;
    }

    public boolean configError() {
        return configError;
    }

    public HandoverException(String message, Throwable cause) {
        super(message, cause);
        this.configError = false;
    }
}
