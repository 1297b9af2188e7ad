package org.pdsup.daemon.supervisor;

/** The supervisor is shutting down: it starts, restarts and reloads nothing any more. */
public final class ShuttingDownException extends IllegalStateForOperation {
    public ShuttingDownException() {
        super("pdsupd is shutting down");
    }
}
