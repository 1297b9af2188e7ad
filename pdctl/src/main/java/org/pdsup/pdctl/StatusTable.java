package org.pdsup.pdctl;

import java.util.ArrayList;
import java.util.List;

import org.pdsup.protocol.HealthInfo;
import org.pdsup.protocol.ServiceStatus;

/**
 * The aligned table of {@code pdctl status}: NAME STATE SINCE PID UPTIME RESTARTS LAST-EXIT. SINCE is how long
 * the service has been in its state; a service that waits (starting, backoff, stopping) shows why in STATE, and
 * a running service with a liveness check its health and last check.
 */
final class StatusTable {
    private static final String[] HEADER = {"NAME", "STATE", "SINCE", "PID", "UPTIME", "RESTARTS", "LAST-EXIT"};

    private StatusTable() {}

    /**
     * The liveness check in STATE: "healthy, checked 3s ago", or with a failed last check
     * "healthy, 1 of 3 failed 2s ago: tcp 127.0.0.1:8080: connection refused".
     */
    static String health(HealthInfo h) {
        String verdict = h.state() == null ? "health unknown" : "starting".equals(h.state()) ? "health starting"
                : h.state();
        if (h.lastCheckAt() == null) return verdict;
        String ago = h.lastCheckSeconds() >= 0 ? " " + Formats.uptime(h.lastCheckSeconds()) + " ago" : "";
        if (h.lastPassed()) return verdict + ", checked" + ago;
        String count = h.consecutiveFailures() > 0
                ? h.consecutiveFailures() + " of " + h.failuresToRestart() + " failed" : "last check failed";
        return verdict + ", " + count + ago + ": " + h.lastResult();
    }

    static String render(List<ServiceStatus> services, Output out) {
        List<String[]> rows = new ArrayList<>(services.size() + 1);
        rows.add(HEADER);
        for (ServiceStatus s : services) {
            String state = s.state() == null ? "?" : s.state();
            if ("starting".equals(state) || "running".equals(state)) {
                if (!s.ready() && "running".equals(state)) state = state + " (not ready)";
            }
            if (s.adopted()) state = state + " (adopted)";
            if (s.health() != null && "running".equals(s.state())) state = state + " (" + health(s.health()) + ")";
            if (s.waitingFor() != null) state = state + ": waiting for " + s.waitingFor();
            else if (s.isWaiting() && s.reason() != null && !s.reason().isEmpty()) state = state + ": " + s.reason();
            String last = Formats.exit(s.lastExit());
            if (s.lastExit() != null && s.lastExit().requested()) last = "stopped: " + last; // not a crash
            if (s.lastError() != null) last = ("-".equals(last) ? "" : last + "; ") + "error: " + s.lastError();
            rows.add(new String[] {s.name(), state, Formats.uptime(s.sinceSeconds()), s.pid() > 0 ? Long.toString(s.pid()) : "-",
                    s.pid() > 0 ? Formats.uptime(s.uptimeSeconds()) : "-", Long.toString(s.restarts()), last});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        }
        StringBuilder sb = new StringBuilder(rows.size() * 80);
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            int lineStart = sb.length();
            for (int i = 0; i < row.length; i++) {
                boolean lastColumn = i == row.length - 1;
                String cell = row[i];
                String painted;
                if (r == 0) painted = out.paint(cell, Output.BOLD);
                else if (i == 1) painted = out.paint(cell, Output.stateColour(services.get(r - 1).state()));
                else painted = cell;
                sb.append(painted);
                if (!lastColumn) {
                    for (int pad = cell.length(); pad < width[i] + 2; pad++) sb.append(' ');
                }
            }
            // no trailing blanks when the last column is short
            int end = sb.length();
            while (end > lineStart && sb.charAt(end - 1) == ' ') end--;
            sb.setLength(end);
            sb.append('\n');
        }
        return sb.toString();
    }
}
