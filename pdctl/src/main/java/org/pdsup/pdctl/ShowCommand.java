package org.pdsup.pdctl;

import java.util.List;
import java.util.Map;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.ExitSummary;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;
import org.pdsup.protocol.ServiceStatus;

/**
 * {@code show NAME}: one service in detail: state and why, where it is defined, its process, where its output
 * goes, what it requires and what requires it, its last exits with their resource usage, and its effective
 * configuration, each value with where it comes from (the answer's {@code origins}: file:line, the block it was
 * inherited from, or "default"; a daemon without them shows the values alone).
 */
final class ShowCommand implements Command {
    /** Settings longer than this do not push the column of origins further right. */
    private static final int ORIGIN_COLUMN = 40;

    private final String name;

    ShowCommand(String name) {
        this.name = name;
    }

    @Override
    public Request request(long id) {
        return Request.show(id, name);
    }

    @Override
    public int finish(Session session, Response first) {
        Output out = session.out();
        if (out.json()) {
            out.printJson(first);
            return ExitCodes.OK;
        }
        Map<String, Object> f = first.frame();
        ServiceStatus s = first.service();
        StringBuilder sb = new StringBuilder();
        sb.append(s.name()).append(": ").append(out.paint(s.state(), Output.stateColour(s.state())));
        if (s.sinceSeconds() >= 0) sb.append(" for ").append(Formats.uptime(s.sinceSeconds()));
        if (s.reason() != null) sb.append(" (").append(s.reason()).append(')');
        sb.append('\n');
        row(sb, "defined at", String.valueOf(f.get("defined_at")));
        Object process = f.get("process");
        if (process instanceof Map<?, ?> p) {
            String pgid = p.get("pgid") == null ? "pdsupd's" : String.valueOf(p.get("pgid"));
            row(sb, "process", "pid " + p.get("pid") + ", pgid " + pgid + ", up "
                    + Formats.uptime(number(p.get("uptime_seconds"))) + ", descriptor "
                    + (p.get("descriptor") == null ? "none" : "fd " + p.get("descriptor"))
                    + (Boolean.TRUE.equals(p.get("persistent")) ? ", outlives pdsupd" : ""));
        } else {
            row(sb, "process", "none");
        }
        if (f.get("log") instanceof Map<?, ?> log) {
            Object o = log.get("stdout");
            Object e = log.get("stderr");
            row(sb, "output", o != null && o.equals(e) ? String.valueOf(o) : "stdout " + o + ", stderr " + e);
        }
        row(sb, "requires", list(f.get("requires")));
        row(sb, "required by", list(f.get("required_by")));
        row(sb, "restarts", s.restarts() + (s.lastError() == null ? "" : "; last error: " + s.lastError()));
        if (f.get("exits") instanceof List<?> exits && !exits.isEmpty()) {
            boolean firstExit = true;
            for (Object x : exits) {
                if (!(x instanceof Map<?, ?>)) continue;
                @SuppressWarnings("unchecked")
                ExitSummary e = ExitSummary.fromJson((Map<String, Object>) x);
                String ended = e.endedAt() == null ? "" : "  " + e.endedAt();
                row(sb, firstExit ? "last exits" : "", Formats.exit(e) + ended);
                firstExit = false;
            }
        } else {
            row(sb, "last exits", "none recorded");
        }
        sb.append("configuration:\n");
        if (f.get("config") instanceof Map<?, ?> config) {
            List<String[]> rows = new java.util.ArrayList<>();
            flatten(rows, "", config);
            Map<?, ?> origins = f.get("origins") instanceof Map<?, ?> o ? o : Map.of();
            int width = 0;
            for (String[] r : rows) {
                if (r[0].length() <= ORIGIN_COLUMN) width = Math.max(width, r[0].length());
            }
            for (String[] r : rows) {
                sb.append("  ").append(r[0]);
                Object where = origins.get(r[1]);
                if (where != null) {
                    for (int i = r[0].length(); i < width; i++) sb.append(' ');
                    sb.append("  ").append(out.paint("(" + where + ")", Output.DIM));
                }
                sb.append('\n');
            }
        }
        out.out().print(sb);
        return ExitCodes.OK;
    }

    private static void row(StringBuilder sb, String label, String value) {
        sb.append("  ").append(label);
        for (int i = label.length(); i < 13; i++) sb.append(' ');
        sb.append(value).append('\n');
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : -1;
    }

    private static String list(Object o) {
        if (!(o instanceof List<?> l) || l.isEmpty()) return "-";
        StringBuilder sb = new StringBuilder();
        for (Object x : l) sb.append(sb.length() == 0 ? "" : ", ").append(x);
        return sb.toString();
    }

    /**
     * {"stop.timeout = 10s", "stop.timeout"}: the configuration as dotted keys, as pdsupd.conf(5) names them (the
     * keys of the answer's {@code origins}).
     */
    private static void flatten(List<String[]> rows, String prefix, Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> sub && !sub.isEmpty()) {
                flatten(rows, key + ".", sub);
            } else {
                rows.add(new String[] {key + " = " + value(e.getValue()), key});
            }
        }
    }

    private static String value(Object v) {
        if (v == null) return "null";
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (Object x : l) sb.append(sb.length() == 1 ? "" : ", ").append(value(x));
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> m && m.isEmpty()) return "{}";
        return String.valueOf(v);
    }
}
