package org.pdsup.procdesc;

/** The process has exited (ESRCH), or a PID does not name the process it was expected to. */
public class NoSuchProcessException extends ProcessDescriptorException {
    public NoSuchProcessException(String message) {
        super(message, 3);
    }
}
