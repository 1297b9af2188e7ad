package org.pdsup.pdctl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private final long reconnectMillis;

    /**
     * @param since  an ISO-8601 instant: only lines written since then (by their timestamps), or null
     * @param stream "stdout" or "stderr" for one stream's lines, or null for both
     * @param reconnectMillis how long -f waits for pdsupd to come back after a re-exec
     */
    LogsCommand(List<String> names, int lines, boolean follow, String since, String stream, long reconnectMillis) {
        this.names = names;
        this.lines = lines;
        this.follow = follow;
        this.since = since;
        this.stream = stream;
        this.reconnectMillis = reconnectMillis;
    }

    @Override
    public Request request(long id) {
        return request(id, names.get(0), lines);
    }

    private Request request(long id, String name, int n) {
        return since == null && stream == null ? Request.logs(id, name, n, follow)
                : Request.logs(id, name, n, follow, since, stream);
    }

    /** One service's stream on the connection. */
    private static final class Tail {
        final String name;
        final LogResume resume = new LogResume();
        boolean restarting;

        Tail(String name) {
            this.name = name;
        }
    }

    @Override
    public int finish(Session session, Response first) throws CommandFailure {
        Map<Long, Tail> byId = new LinkedHashMap<>();
        byId.put(Session.FIRST_ID, new Tail(names.get(0)));
        Request[] more = new Request[names.size() - 1];
        for (int i = 1; i < names.size(); i++) {
            long id = Session.FIRST_ID + 2 + i; // past the ids hello, the first stream and hints use
            byId.put(id, new Tail(names.get(i)));
            more[i - 1] = request(id, names.get(i), lines);
        }
        if (more.length > 0) session.client().send(more);
        int width = 0;
        for (String n : names) width = Math.max(width, n.length());
        Output out = session.out();
        int open = names.size();
        while (true) {
            Response r = session.next();
            Tail t = r.id() == null ? null : byId.get(r.id());
            if (t == null) {
                if (r.isResponse() && !r.ok()) throw new ResponseFailure(r);
                continue;
            }
            if (r.isResponse()) {
                if (!r.ok()) throw new ResponseFailure(r);
                if (!r.isEnd()) continue;
                t.restarting = follow && Reconnect.restarting(r);
                if (--open > 0) continue;
                if (!resume(session, byId)) {
                    StreamReader.ended(out, r);
                    return ExitCodes.OK;
                }
                open = 0;
                for (Tail each : byId.values()) if (each.restarting) open++;
                continue;
            }
            for (Response shown : t.resume.offer(r)) print(out, t.name, width, shown);
            if (t.resume.lostPlace()) {
                out.err().println("pdctl: " + t.name + ": after the re-exec, the last lines shown were not among the"
                        + " last " + LogResume.BACKLOG + " of the log: lines may be missing or repeated");
            }
            if (follow) out.out().flush();
        }
    }

    /** After every stream has ended: the streams a re-exec ended, asked for again on a new connection. */
    private boolean resume(Session session, Map<Long, Tail> byId) throws CommandFailure {
        List<Request> again = new ArrayList<>();
        for (Map.Entry<Long, Tail> e : byId.entrySet()) {
            Tail t = e.getValue();
            if (t.restarting) again.add(request(e.getKey(), t.name, t.resume.resume()));
        }
        if (again.isEmpty()) return false;
        session.out().out().flush();
        Response first = Reconnect.resume(session, again.get(0), reconnectMillis);
        if (again.size() > 1) session.client().send(again.subList(1, again.size()).toArray(new Request[0]));
        Reconnect.report(session.out(), first, Map.of());
        return true;
    }

    private void print(Output out, String name, int width, Response r) {
        boolean prefixed = names.size() > 1;
        if (out.json()) {
            if (!prefixed) {
                out.printJson(r);
                return;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", name);
            m.putAll(r.withoutId());
            out.out().println(FrameWriter.toJson(m));
        } else if (r.dropped() >= 0) {
            out.err().println("pdctl: " + (prefixed ? name + ": " : "") + r.dropped()
                    + " lines dropped: this reader fell behind");
        } else if (r.line() != null) {
            if (!prefixed) {
                out.println(r.line());
                return;
            }
            StringBuilder sb = new StringBuilder(name);
            for (int i = name.length(); i < width; i++) sb.append(' ');
            out.println(sb.append(" | ").append(r.line()).toString());
        }
    }
}
