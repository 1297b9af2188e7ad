package org.pdsup.procdesc.freebsd;

import org.pdsup.procdesc.ProcessDescriptorException;

/** A libc call failed; the message names the call and the FreeBSD errno. */
public final class NativeCallException extends ProcessDescriptorException {
    public NativeCallException(String call, int errno) {
        super(call + " failed: " + FreeBsdErrno.describe(errno), errno);
    }
}
