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
    private final boolean utc;
    private final long reconnectMillis;

    /**
     * {@code utc}: times in UTC rather than the local time zone; {@code reconnectMillis}: how long -f waits for
     * pdsupd to come back after a re-exec.
     */
    EventsCommand(List<String> names, boolean follow, boolean history, boolean utc, long reconnectMillis) {
        this.names = names;
        this.follow = follow;
        this.history = history;
        this.utc = utc;
        this.reconnectMillis = reconnectMillis;
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
                if (e != null) out.println(format(e, utc ? java.time.ZoneOffset.UTC : java.time.ZoneId.systemDefault(),
                        out.terminal()));
            }
        }, new Resume());
    }

    /**
     * After a re-exec: the same request again with {@code after_seq} the last sequence number shown, so nothing
     * is lost or shown twice (the daemon's sequence and ring carry over the re-exec). A stream without history
     * that has shown nothing yet resumes after pdsupd's own "re-exec: handing over" event, which the old program
     * recorded before it ended the stream.
     */
    private final class Resume implements StreamReader.Resumable {
        private long lastSeq;

        @Override
        public boolean admit(Response r) {
            EventInfo e = r.event();
            if (e == null) return true;
            if (e.seq() <= lastSeq) return false;
            lastSeq = e.seq();
            return true;
        }

        @Override
        public void resume(Session session) throws CommandFailure {
            Response first;
            long after = lastSeq;
            if (after == 0 && !history) {
                Reconnect.resume(session, Request.events(Session.FIRST_ID, List.of(), true, false), reconnectMillis);
                after = handover(session);
                first = session.request(Request.events(Session.FIRST_ID + 1, names, true, true, after));
                if (!first.ok()) throw new ResponseFailure(first);
            } else {
                first = Reconnect.resume(session, Request.events(Session.FIRST_ID, names, true, true, after),
                        reconnectMillis);
            }
            Reconnect.report(session.out(), first, java.util.Map.of("after_seq", after));
        }

        /** The sequence number of the last "re-exec: handing over" event in the history now being read. */
        private long handover(Session session) throws CommandFailure {
            long seq = 0;
            long last = 0;
            while (true) {
                Response r = session.next();
                if (r.isResponse()) {
                    if (!r.ok()) throw new ResponseFailure(r);
                    if (r.isEnd()) return seq > 0 ? seq : last;
                    continue;
                }
                EventInfo e = r.event();
                if (e == null) continue;
                last = e.seq();
                if (ReexecCommand.DAEMON_EVENTS.equals(e.service()) && e.reason() != null
                        && e.reason().startsWith("re-exec: handing over")) {
                    seq = e.seq();
                }
            }
        }
    }

    /**
     * "2026-12-07 01:02:03  web: running -> stopping (…)": the time in {@code zone} ("Z" after it for UTC), with
     * milliseconds when {@code millis} (on a terminal); the daemon's own text when it is no ISO instant.
     */
    static String format(EventInfo e, java.time.ZoneId zone, boolean millis) {
        StringBuilder sb = new StringBuilder();
        sb.append(time(e.time(), zone, millis)).append("  ").append(e.service()).append(": ").append(e.from()).append(" -> ").append(e.to());
        if (e.reason() != null && !e.reason().isEmpty()) sb.append(" (").append(e.reason()).append(')');
        if (e.pid() > 0) sb.append(" pid ").append(e.pid());
        if (e.exit() != null) sb.append(", ").append(Formats.exit(e.exit()));
        return sb.toString();
    }

    static String time(String iso, java.time.ZoneId zone, boolean millis) {
        if (iso == null) return "?";
        java.time.LocalDateTime t;
        try {
            t = java.time.LocalDateTime.ofInstant(java.time.Instant.parse(iso), zone);
        } catch (java.time.DateTimeException ex) {
            return iso;
        }
        StringBuilder sb = new StringBuilder(24);
        sb.append(t.getYear()).append('-').append(two(t.getMonthValue())).append('-').append(two(t.getDayOfMonth()))
                .append(' ').append(two(t.getHour())).append(':').append(two(t.getMinute())).append(':')
                .append(two(t.getSecond()));
        if (millis) {
            int ms = t.getNano() / 1_000_000;
            sb.append('.').append(ms < 100 ? "0" : "").append(ms < 10 ? "0" : "").append(ms);
        }
        if (zone.equals(java.time.ZoneOffset.UTC)) sb.append('Z');
        return sb.toString();
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
