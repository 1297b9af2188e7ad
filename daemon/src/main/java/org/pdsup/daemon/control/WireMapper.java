package org.pdsup.daemon.control;

import java.time.Duration;
import java.time.Instant;

import org.pdsup.daemon.supervisor.HealthSnapshot;
import org.pdsup.daemon.supervisor.RunSummary;
import org.pdsup.daemon.supervisor.ServiceSnapshot;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.daemon.supervisor.SupervisorEvent;
import org.pdsup.protocol.EventInfo;
import org.pdsup.protocol.ExitSummary;
import org.pdsup.protocol.HealthInfo;
import org.pdsup.protocol.ServiceStatus;

/** The supervisor's snapshots and events in the protocol's wire form. */
final class WireMapper {
    private WireMapper() {}

    static ServiceStatus status(ServiceSnapshot s, Instant now) {
        long uptime = uptimeSeconds(s, now);
        long sinceSeconds = sinceSeconds(s, now);
        return new ServiceStatus(s.name(), state(s.state()), s.ready(), s.pid(), time(s.since()), time(s.startedAt()),
                uptime, s.restarts(), s.persist(), s.adopted(), s.lastError(), exit(s.lastExit()), sinceSeconds,
                s.reason(), s.waitingFor(), health(s.health(), now));
    }

    /** {@code uptime_seconds}: the only fields of a status that change with {@code now} are this, */
    static long uptimeSeconds(ServiceSnapshot s, Instant now) {
        if (s.pid() <= 0 || s.startedAt() == null) return -1;
        return Math.max(0, Duration.between(s.startedAt(), now).getSeconds());
    }

    /** {@code since_seconds}, */
    static long sinceSeconds(ServiceSnapshot s, Instant now) {
        return s.since() == null ? -1 : Math.max(0, Duration.between(s.since(), now).getSeconds());
    }

    /** and the health check's {@code last_check_seconds} ({@link StatusCache} relies on this). */
    static long checkAgoSeconds(HealthSnapshot h, Instant now) {
        if (h == null || h.lastCheckAt() == null) return -1;
        return Math.max(0, Duration.between(h.lastCheckAt(), now).getSeconds());
    }

    static HealthInfo health(HealthSnapshot h, Instant now) {
        if (h == null) return null;
        long ago = checkAgoSeconds(h, now);
        return new HealthInfo(h.mode(), h.state().wireName(), h.lastPassed(), h.lastResult(), time(h.lastCheckAt()),
                ago, h.lastDuration() == null ? -1 : h.lastDuration().toNanos() / 1e9, h.consecutiveFailures(),
                h.failuresToRestart(), h.checks(), h.failures());
    }

    static EventInfo event(SupervisorEvent e) {
        return new EventInfo(e.seq(), time(e.time()), e.service(), state(e.from()), state(e.to()), e.reason(), e.pid(),
                exit(e.exit()), e.health());
    }

    static ExitSummary exit(RunSummary r) {
        if (r == null) return null;
        return new ExitSummary(r.exit(), r.code(), r.signal(), r.coreDumped(), r.userCpuSeconds(),
                r.systemCpuSeconds(), r.maxRssBytes(), time(r.endedAt()), r.requested());
    }

    private static String state(ServiceState s) {
        return s == null ? null : s.wireName();
    }

    private static String time(Instant t) {
        return t == null ? null : IsoInstant.format(t);
    }
}
