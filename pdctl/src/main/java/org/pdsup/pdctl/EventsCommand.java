package org.pdsup.pdctl;

import java.util.List;

import org.pdsup.protocol.EventInfo;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/** {@code events [-f] [--no-history] [NAME…]}: state transitions, from the daemon's history and live. */
final class EventsCommand implements Command {
    private final List<String> names;
    private final boolean follow;
    private final boolean history;

    EventsCommand(List<String> names, boolean follow, boolean history) {
        this.names = names;
        this.follow = follow;
        this.history = history;
    }

    @Override
    public Request request(long id) {
        return Request.events(id, names, history, follow);
    }

    @Override
    public int finish(Session session, Response first) throws CommandFailure {
        return StreamReader.read(session, follow, (out, r) -> {
            if (r.dropped() >= 0) {
                out.println("-- " + r.dropped() + " events dropped: this reader fell behind --");
            } else {
                EventInfo e = r.event();
                if (e != null) out.println(format(e));
            }
        });
    }

    static String format(EventInfo e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.time()).append("  ").append(e.service()).append(": ").append(e.from()).append(" -> ").append(e.to());
        if (e.reason() != null && !e.reason().isEmpty()) sb.append(" (").append(e.reason()).append(')');
        if (e.pid() > 0) sb.append(" pid ").append(e.pid());
        if (e.exit() != null) sb.append(", ").append(Formats.exit(e.exit()));
        return sb.toString();
    }
}
