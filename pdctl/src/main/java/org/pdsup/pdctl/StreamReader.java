package org.pdsup.pdctl;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Response;

/** Reads the frames of a streaming answer ({@code events}, {@code logs}) until its end frame. */
final class StreamReader {
    private StreamReader() {}

    /** What to do with one data frame (an event, a line, or a dropped notice). */
    interface FrameHandler {
        void frame(Output out, Response r);
    }

    /** A followed stream that goes on after a re-exec ended it (see {@link Reconnect}). */
    interface Resumable {
        /** Sees every data frame first; false: the frame was shown before the re-exec, skip it. */
        boolean admit(Response frame);

        /** Connects again and resumes the stream where it was; its frames then come on {@code session}. */
        void resume(Session session) throws CommandFailure;
    }

    /**
     * Hands every data frame to {@code handler} ({@code --json} prints them as they are); returns the exit code
     * once the server ends the stream, or throws for an error frame. With {@code follow}, output is flushed
     * once no further frame is waiting (after each frame, or after the last of a burst that came in one read),
     * so a pipe sees it at once, and a stream that a re-exec ended is resumed through
     * {@code resumable} (if not null).
     */
    static int read(Session session, boolean follow, FrameHandler handler, Resumable resumable) throws CommandFailure {
        Output out = session.out();
        while (true) {
            Response r = session.next();
            if (r.isResponse()) {
                if (!r.ok()) throw new ResponseFailure(r);
                if (r.isEnd()) {
                    if (follow && resumable != null && Reconnect.restarting(r)) {
                        out.out().flush();
                        resumable.resume(session);
                        continue;
                    }
                    ended(out, r);
                    return ExitCodes.OK;
                }
                continue;
            }
            if (resumable != null && !resumable.admit(r)) continue;
            if (out.json()) out.printJson(r);
            else handler.frame(out, r);
            // a burst read at once is written at once: one write for its lines, not one per line
            if (follow && !session.hasBufferedFrame()) out.out().flush();
        }
    }

    /**
     * A stream the daemon ended itself: on a terminal, one line on standard error saying why (an orderly
     * shutdown is exit 0; a broken connection stays an error, see {@link ControlClient}).
     */
    static void ended(Output out, Response end) {
        String reason = end.endReason();
        if (reason == null || out.json() || !out.terminal()) return;
        out.out().flush();
        out.err().println("pdctl: " + ("shutdown".equals(reason) ? "pdsupd shut down" : "the stream ended: " + reason));
    }
}
