package org.pdsup.procdesc;

/** A system call on a descriptor failed; the message names the call and errno. */
public class ProcessDescriptorException extends RuntimeException {
    private final int errno;

    public ProcessDescriptorException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public int errno() { return errno; }
}
