package org.pdsup.pdctl;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/** One pdctl command: the request it sends and what it does with the answer. */
interface Command {

    /** The request, sent in the same write as {@code hello}. */
    Request request(long id);

    /**
     * Handles the server's first answer to {@link #request} (already known to be {@code ok}) and whatever
     * follows it on a stream; returns pdctl's exit status.
     */
    int finish(Session session, Response first) throws CommandFailure;

    /** The exit status for an error answer; {@code pid} maps "not running" to 3. */
    default int failureStatus(Response error) {
        return ExitCodes.forError(error.errorCode());
    }
}
