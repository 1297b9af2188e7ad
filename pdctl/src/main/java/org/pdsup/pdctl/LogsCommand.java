package org.pdsup.pdctl;

import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/** {@code logs NAME [-n N] [-f]}: the last lines of a service's output, then (with -f) new ones. */
final class LogsCommand implements Command {
    private final String name;
    private final int lines;
    private final boolean follow;

    LogsCommand(String name, int lines, boolean follow) {
        this.name = name;
        this.lines = lines;
        this.follow = follow;
    }

    @Override
    public Request request(long id) {
        return Request.logs(id, name, lines, follow);
    }

    @Override
    public int finish(Session session, Response first) throws CommandFailure {
        return StreamReader.read(session, follow, (out, r) -> {
            if (r.dropped() >= 0) out.err().println("pdctl: " + r.dropped() + " lines dropped: this reader fell behind");
            else if (r.line() != null) out.println(r.line());
        });
    }
}
