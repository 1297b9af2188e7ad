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
                if (r.isEnd()) return ExitCodes.OK;
                continue;
            }
            if (out.json()) out.printJson(r);
            else handler.frame(out, r);
            if (follow) out.out().flush();
        }
    }
}
