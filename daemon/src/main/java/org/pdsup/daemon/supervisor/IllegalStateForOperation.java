package org.pdsup.daemon.supervisor;

/** The service (or the supervisor) is in a state in which this operation cannot be done; the message says why. */
public class IllegalStateForOperation extends RuntimeException {
    public IllegalStateForOperation(String message) {
        super(message);
    }
}
