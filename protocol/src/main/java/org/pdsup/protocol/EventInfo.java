package org.pdsup.protocol;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.pdsup.protocol.json.JsonWriter;

/**
 * One state transition as streamed by {@code events}. {@code seq} grows by one per event in the daemon, so a
 * gap tells a reader it missed some.
 *
 * @param time  ISO-8601 instant
 * @param exit  how the run ended, for transitions caused by an exit; otherwise null
 * @param health for an event of the liveness check (the state stays): its verdict, "starting", "healthy" or
 *               "unhealthy"; otherwise null
 */
public record EventInfo(long seq, String time, String service, String from, String to, String reason, long pid,
                        ExitSummary exit, String health) {

    /** A transition (not an event of the liveness check). */
    public EventInfo(long seq, String time, String service, String from, String to, String reason, long pid,
                     ExitSummary exit) {
        this(seq, time, service, from, to, reason, pid, exit, null);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("time", time);
        m.put("service", service);
        m.put("from", from);
        m.put("to", to);
        m.put("reason", reason);
        m.put("pid", pid);
        m.put("exit", exit == null ? null : exit.toJson());
        if (health != null) m.put("health", health);
        return m;
    }

    /** Writes the members of {@link #toJson()}, in its order, without building the map (an event per transition). */
    public void writeJson(JsonWriter.Out out) throws IOException {
        out.field("seq", seq).field("time", time).field("service", service).field("from", from).field("to", to)
                .field("reason", reason).field("pid", pid).object("exit", exit == null ? null : exit::writeJson);
        if (health != null) out.field("health", health);
    }

    public static EventInfo fromJson(Map<String, Object> m) {
        return new EventInfo(Values.integer(m, "seq", 0), Values.string(m, "time"), Values.string(m, "service"),
                Values.string(m, "from"), Values.string(m, "to"), Values.string(m, "reason"),
                Values.integer(m, "pid", 0), ExitSummary.fromJson(Values.object(m, "exit")),
                Values.string(m, "health"));
    }
}
