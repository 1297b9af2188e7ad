package org.pdsup.daemon.supervisor;

import java.util.Locale;

import org.pdsup.config.Health;
import org.pdsup.daemon.supervisor.probe.ProbeResult;

/**
 * What a service's liveness checks have found: the verdict, the last result, the failures in a row and the totals
 * (kept across runs, so the metrics' counters only grow). Supervisor thread only.
 */
final class HealthStatus {
    HealthState state = HealthState.STARTING;
    ProbeResult last;
    int consecutiveFailures;
    long checks;
    long failures;
    /** Set by a live re-exec's take-over for a run it kept: its first {@link #begin} keeps the carried verdict. */
    boolean carried;

    /** A new run's checks begin: no verdict yet (unless the run was carried over a live re-exec). */
    void begin() {
        if (carried) {
            carried = false;
            return;
        }
        state = HealthState.STARTING;
        consecutiveFailures = 0;
    }

    /** The published form; null when {@code cfg} has no check. */
    static HealthSnapshot snapshotOf(HealthStatus s, Health cfg) {
        if (!cfg.enabled()) return null;
        String mode = cfg.mode().name().toLowerCase(Locale.ROOT);
        if (s == null) {
            return new HealthSnapshot(mode, HealthState.STARTING, false, null, null, null, 0, cfg.failures(), 0, 0);
        }
        ProbeResult r = s.last;
        return new HealthSnapshot(mode, s.state, r != null && r.passed(), r == null ? null : r.detail(),
                r == null ? null : r.at(), r == null ? null : r.took(), s.consecutiveFailures, cfg.failures(),
                s.checks, s.failures);
    }
}
