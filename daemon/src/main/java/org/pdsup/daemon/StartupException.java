package org.pdsup.daemon;

/** pdsupd cannot start: the message says what and where (socket in use, directory not writable, ...). */
public class StartupException extends Exception {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }

    public StartupException(String message) {
        super(message);
    }
}
