package org.pdsup.pdctl;

import org.pdsup.protocol.ExitCodes;

/** A bad command line: pdctl prints the message and a hint, and exits with status 2. */
final class UsageException extends CommandFailure {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(ExitCodes.USAGE, message);
    }
}
