package org.pdsup.procdesc;

/**
 * {@link UnixDatagram#connect} found a socket of another type at the path (EPROTOTYPE): typically a stream
 * socket, for which a caller may fall back to a stream connection.
 */
public class NotADatagramSocketException extends ProcessDescriptorException {
    public NotADatagramSocketException(String message, int errno) {
        super(message, errno);
    }
}
