package org.pdsup.procdesc;

/** Neither FreeBSD nor Linux: process descriptors are not available. */
public class UnsupportedPlatformException extends RuntimeException {
    public UnsupportedPlatformException(String message) {
        super(message);
    }
}
