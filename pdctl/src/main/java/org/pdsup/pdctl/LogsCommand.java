package org.pdsup.pdctl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/**
 * {@code logs NAME… [-n N] [-f] [--since TIME] [--stdout|--stderr]}: the last lines of services' output (of one
 * stream, written since a time), then (with -f) new ones. With several
 * services, one stream each on the same connection, every line prefixed with its service's name (padded, as
 * {@code docker compose logs} does); with --json each frame gets a {@code service} field.
 */
final class LogsCommand implements Command {
    /** The daemon's limit of streams on one connection (docs/protocol.md, Streams). */
    static final int MAX_SERVICES = 8;

    private final List<String> names;
    private final int lines;
    private final boolean follow;
    private final String since;
    private final String stream;

    LogsCommand(List<String> names, int lines, boolean follow) {
        this(names, lines, follow, null, null);
    }

    /**
     * @param since  an ISO-8601 instant: only lines written since then (by their timestamps), or null
     * @param stream "stdout" or "stderr" for one stream's lines, or null for both
     */
    LogsCommand(List<String> names, int lines, boolean follow, String since, String stream) {
        this.names = names;
        this.lines = lines;
        this.follow = follow;
        this.since = since;
        this.stream = stream;
    }

    @Override
    public Request request(long id) {
        return request(id, names.get(0));
    }

    private Request request(long id, String name) {
        return since == null && stream == null ? Request.logs(id, name, lines, follow)
                : Request.logs(id, name, lines, follow, since, stream);
    }

    @Override
    public int finish(Session session, Response first) throws CommandFailure {
        if (names.size() == 1) {
            return StreamReader.read(session, follow, (out, r) -> {
                if (r.dropped() >= 0) out.err().println("pdctl: " + r.dropped() + " lines dropped: this reader fell behind");
                else if (r.line() != null) out.println(r.line());
            });
        }
        Map<Long, String> byId = new HashMap<>();
        byId.put(Session.FIRST_ID, names.get(0));
        int width = 0;
        for (String n : names) width = Math.max(width, n.length());
        Request[] more = new Request[names.size() - 1];
        for (int i = 1; i < names.size(); i++) {
            long id = Session.FIRST_ID + 2 + i; // past the ids hello, the first stream and hints use
            byId.put(id, names.get(i));
            more[i - 1] = request(id, names.get(i));
        }
        session.client().send(more);
        Output out = session.out();
        int open = names.size();
        while (open > 0) {
            Response r = session.next();
            String name = r.id() == null ? null : byId.get(r.id());
            if (name == null) {
                if (r.isResponse() && !r.ok()) throw new ResponseFailure(r);
                continue;
            }
            if (r.isResponse()) {
                if (!r.ok()) throw new ResponseFailure(r);
                if (r.isEnd() && --open == 0) StreamReader.ended(out, r);
                continue;
            }
            if (out.json()) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("service", name);
                m.putAll(r.withoutId());
                out.out().println(new org.pdsup.protocol.json.JsonWriter().toJson(m));
            } else if (r.dropped() >= 0) {
                out.err().println("pdctl: " + name + ": " + r.dropped() + " lines dropped: this reader fell behind");
            } else if (r.line() != null) {
                StringBuilder sb = new StringBuilder(name);
                for (int i = name.length(); i < width; i++) sb.append(' ');
                out.println(sb.append(" | ").append(r.line()).toString());
            }
            if (follow) out.out().flush();
        }
        return ExitCodes.OK;
    }
}
