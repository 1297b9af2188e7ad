package org.pdsup.protocol;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.pdsup.protocol.json.JsonWriter;

/**
 * How one run of a service ended, as sent in {@code last_exit} and in events.
 *
 * @param exit             "exit N", "signal NAME", "signal NAME (core dumped)" or "unknown (not our child)"
 * @param code             the exit code, or -1
 * @param signal           the signal name, or null
 * @param maxRssBytes      peak resident set size, or -1 where unknown
 * @param endedAt          ISO-8601 instant, or null
 * @param requested        pdsupd had been asked to end the run (a stop or restart by the operator, a reload or a
 *                         requirement, or the shutdown): not a crash; false from a daemon that predates it
 */
public record ExitSummary(String exit, long code, String signal, boolean coreDumped, double userCpuSeconds,
                          double systemCpuSeconds, long maxRssBytes, String endedAt, boolean requested) {

    /** A run that ended on its own (or from a daemon that does not say). */
    public ExitSummary(String exit, long code, String signal, boolean coreDumped, double userCpuSeconds,
                       double systemCpuSeconds, long maxRssBytes, String endedAt) {
        this(exit, code, signal, coreDumped, userCpuSeconds, systemCpuSeconds, maxRssBytes, endedAt, false);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exit", exit);
        m.put("code", code);
        m.put("signal", signal);
        m.put("core_dumped", coreDumped);
        m.put("user_cpu_seconds", userCpuSeconds);
        m.put("system_cpu_seconds", systemCpuSeconds);
        m.put("max_rss_bytes", maxRssBytes);
        m.put("ended_at", endedAt);
        m.put("requested", requested);
        return m;
    }

    /** Writes the members of {@link #toJson()}, in its order, without building the map. */
    public void writeJson(JsonWriter.Out out) throws IOException {
        out.field("exit", exit).field("code", code).field("signal", signal).field("core_dumped", coreDumped)
                .field("user_cpu_seconds", userCpuSeconds).field("system_cpu_seconds", systemCpuSeconds)
                .field("max_rss_bytes", maxRssBytes).field("ended_at", endedAt).field("requested", requested);
    }

    /** Reads what a server sent; null in, null out. */
    public static ExitSummary fromJson(Map<String, Object> m) {
        if (m == null) return null;
        return new ExitSummary(Values.string(m, "exit"), Values.integer(m, "code", -1), Values.string(m, "signal"),
                Values.bool(m, "core_dumped"), Values.number(m, "user_cpu_seconds", 0),
                Values.number(m, "system_cpu_seconds", 0), Values.integer(m, "max_rss_bytes", -1),
                Values.string(m, "ended_at"), Values.bool(m, "requested"));
    }

    /** User plus system CPU seconds. */
    public double cpuSeconds() {
        return userCpuSeconds + systemCpuSeconds;
    }
}
