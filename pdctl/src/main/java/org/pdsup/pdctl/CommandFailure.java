package org.pdsup.pdctl;

/** Ends a pdctl run with a message for stderr and an exit status from {@code ExitCodes}. */
class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
