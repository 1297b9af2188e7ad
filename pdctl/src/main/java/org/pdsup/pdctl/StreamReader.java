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

    /**
     * Hands every data frame to {@code handler} ({@code --json} prints them as they are); returns the exit code
     * once the server ends the stream, or throws for an error frame. With {@code follow}, output is flushed
     * after each frame so a pipe sees it at once.
     */
    static int read(Session session, boolean follow, FrameHandler handler) throws CommandFailure {
        Output out = session.out();
        while (true) {
            Response r = session.next();
            if (r.isResponse()) {
                if (!r.ok()) throw new ResponseFailure(r);
                if (r.isEnd()) {
                    ended(out, r);
                    return ExitCodes.OK;
                }
                continue;
            }
            if (out.json()) out.printJson(r);
            else handler.frame(out, r);
            if (follow) out.out().flush();
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
