package org.pdsup.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One service as {@code status} (and start, stop, restart, signal, wait) reports it.
 *
 * @param state          lower-case state name: stopped, starting, running, stopping, exited, backoff, fatal
 * @param pid            PID of the running process, or 0
 * @param since          ISO-8601 instant the state was entered, or null
 * @param startedAt      ISO-8601 start time of the running process, or null
 * @param uptimeSeconds  seconds since {@code startedAt}, or -1 when not running
 * @param lastError      the last spawn or readiness error, or null
 * @param lastExit       the last finished run, or null
 * @param sinceSeconds   seconds since {@code since} by the daemon's clock, or -1 when unknown (an older daemon)
 * @param reason         why the service is in its state ("waiting for db", "failed: exit 1; restart in 2.0s"),
 *                       or null
 * @param waitingFor     what it waits for now, or null: "db: starting" (its requirements, or services it starts
 *                       after, each with its state), "readiness: tcp 127.0.0.1:8080"; null from an older daemon
 * @param health         its liveness check, or null when it has none (or the daemon is older)
 */
public record ServiceStatus(String name, String state, boolean ready, long pid, String since, String startedAt,
                            long uptimeSeconds, long restarts, boolean persist, boolean adopted, String lastError,
                            ExitSummary lastExit, long sinceSeconds, String reason, String waitingFor,
                            HealthInfo health) {

    /** A status without a liveness check. */
    public ServiceStatus(String name, String state, boolean ready, long pid, String since, String startedAt,
                         long uptimeSeconds, long restarts, boolean persist, boolean adopted, String lastError,
                         ExitSummary lastExit, long sinceSeconds, String reason, String waitingFor) {
        this(name, state, ready, pid, since, startedAt, uptimeSeconds, restarts, persist, adopted, lastError,
                lastExit, sinceSeconds, reason, waitingFor, null);
    }

    /** A status that does not say what it waits for. */
    public ServiceStatus(String name, String state, boolean ready, long pid, String since, String startedAt,
                         long uptimeSeconds, long restarts, boolean persist, boolean adopted, String lastError,
                         ExitSummary lastExit, long sinceSeconds, String reason, HealthInfo health) {
        this(name, state, ready, pid, since, startedAt, uptimeSeconds, restarts, persist, adopted, lastError,
                lastExit, sinceSeconds, reason, null, health);
    }

    /** A status without {@code waiting_for} and a liveness check. */
    public ServiceStatus(String name, String state, boolean ready, long pid, String since, String startedAt,
                         long uptimeSeconds, long restarts, boolean persist, boolean adopted, String lastError,
                         ExitSummary lastExit, long sinceSeconds, String reason) {
        this(name, state, ready, pid, since, startedAt, uptimeSeconds, restarts, persist, adopted, lastError,
                lastExit, sinceSeconds, reason, null, (HealthInfo) null);
    }

    /** A status without the fields added later ({@code since_seconds}, {@code reason}). */
    public ServiceStatus(String name, String state, boolean ready, long pid, String since, String startedAt,
                         long uptimeSeconds, long restarts, boolean persist, boolean adopted, String lastError,
                         ExitSummary lastExit) {
        this(name, state, ready, pid, since, startedAt, uptimeSeconds, restarts, persist, adopted, lastError,
                lastExit, -1, null, null, (HealthInfo) null);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("state", state);
        m.put("ready", ready);
        m.put("pid", pid);
        m.put("since", since);
        m.put("started_at", startedAt);
        m.put("uptime_seconds", uptimeSeconds);
        m.put("restarts", restarts);
        m.put("persist", persist);
        m.put("adopted", adopted);
        m.put("last_error", lastError);
        m.put("last_exit", lastExit == null ? null : lastExit.toJson());
        m.put("since_seconds", sinceSeconds);
        m.put("reason", reason);
        m.put("waiting_for", waitingFor);
        m.put("health", health == null ? null : health.toJson());
        return m;
    }

    public static ServiceStatus fromJson(Map<String, Object> m) {
        return new ServiceStatus(Values.string(m, "name"), Values.string(m, "state"), Values.bool(m, "ready"),
                Values.integer(m, "pid", 0), Values.string(m, "since"), Values.string(m, "started_at"),
                Values.integer(m, "uptime_seconds", -1), Values.integer(m, "restarts", 0),
                Values.bool(m, "persist"), Values.bool(m, "adopted"), Values.string(m, "last_error"),
                ExitSummary.fromJson(Values.object(m, "last_exit")), Values.integer(m, "since_seconds", -1),
                Values.string(m, "reason"), Values.string(m, "waiting_for"),
                HealthInfo.fromJson(Values.object(m, "health")));
    }

    /** The state stays until something happens elsewhere: a dependency, a readiness check, a timer, an exit. */
    public boolean isWaiting() {
        return "starting".equals(state) || "backoff".equals(state) || "stopping".equals(state);
    }

    /** Running or starting: what {@code pdctl status NAME} counts as up. */
    public boolean isUp() {
        return "running".equals(state) || "starting".equals(state);
    }
}
