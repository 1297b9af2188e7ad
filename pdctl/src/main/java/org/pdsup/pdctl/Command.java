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

    /**
     * After an error answer has been reported (not with --json): more that helps, asked on the same connection.
     * By default "did you mean" for a service name the daemon does not know.
     */
    default void explain(Session session, Request request, Response error, java.io.PrintStream err) {
        if (org.pdsup.protocol.ErrorCode.NO_SUCH_SERVICE.wire().equals(error.errorCode())) {
            NameHints.print(session, request, err);
        }
    }

    /** A command that can show what happens while it waits, on a terminal (see {@link Progress}). */
    interface Progressive {
        /** Whether this run waits long enough to show progress ({@code --no-block} does not). */
        default boolean wantsProgress() {
            return true;
        }

        /** The whole run with progress, instead of {@link Command#request} and {@link Command#finish}. */
        int runWithProgress(Session session) throws CommandFailure;

        /**
         * Hands the event frames of stream {@code eventsId} to {@code progress} until the answer to request
         * {@code answerId} comes, and returns that answer.
         */
        static Response follow(Session session, long eventsId, long answerId, Progress progress) throws CommandFailure {
            while (true) {
                Response r = session.next();
                Long id = r.id();
                if (id == null) {
                    if (r.isResponse() && !r.ok()) throw new ResponseFailure(r);
                    continue;
                }
                if (id == answerId && r.isResponse()) return r;
                if (id == eventsId && !r.isResponse() && r.event() != null) progress.event(r.event());
            }
        }
    }
}
