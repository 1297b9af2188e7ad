package org.pdsup.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's liveness check as {@code status} reports it ({@code health} of a service; null for a service
 * without a {@code health} check).
 *
 * @param mode                 "exec", "tcp" or "http"
 * @param state                "starting" (no check has passed in this run yet), "healthy" or "unhealthy"
 * @param lastPassed           the last check passed (false when there was none)
 * @param lastResult           what the last check found ("tcp 127.0.0.1:8080: connection refused"), or null
 * @param lastCheckAt          ISO-8601 instant the last check started, or null
 * @param lastCheckSeconds     seconds since then by the daemon's clock, or -1
 * @param lastDurationSeconds  how long the last check took, or -1
 * @param consecutiveFailures  counted failures in a row now
 * @param failuresToRestart    the configured {@code health.failures}
 * @param checks               checks run since pdsupd started
 * @param failures             of those, the failed ones
 */
public record HealthInfo(String mode, String state, boolean lastPassed, String lastResult, String lastCheckAt,
                         long lastCheckSeconds, double lastDurationSeconds, long consecutiveFailures,
                         long failuresToRestart, long checks, long failures) {

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode);
        m.put("state", state);
        m.put("last_passed", lastPassed);
        m.put("last_result", lastResult);
        m.put("last_check_at", lastCheckAt);
        m.put("last_check_seconds", lastCheckSeconds);
        m.put("last_duration_seconds", lastDurationSeconds);
        m.put("consecutive_failures", consecutiveFailures);
        m.put("failures_to_restart", failuresToRestart);
        m.put("checks", checks);
        m.put("failures", failures);
        return m;
    }

    /** Reads what a server sent; null in (an older daemon, or no check), null out. */
    public static HealthInfo fromJson(Map<String, Object> m) {
        if (m == null) return null;
        return new HealthInfo(Values.string(m, "mode"), Values.string(m, "state"), Values.bool(m, "last_passed"),
                Values.string(m, "last_result"), Values.string(m, "last_check_at"),
                Values.integer(m, "last_check_seconds", -1), Values.number(m, "last_duration_seconds", -1),
                Values.integer(m, "consecutive_failures", 0), Values.integer(m, "failures_to_restart", 0),
                Values.integer(m, "checks", 0), Values.integer(m, "failures", 0));
    }
}
