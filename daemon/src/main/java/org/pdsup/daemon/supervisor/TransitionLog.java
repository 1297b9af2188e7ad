package org.pdsup.daemon.supervisor;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each transition down: one log line ("web: starting -> running pid 42: ready (notify-fd)", with the CPU
 * and memory of a run that ended) and one event in the ring that {@code events} streams. Supervisor thread.
 */
final class TransitionLog {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final EventRing events;

    TransitionLog(EventRing events) {
        this.events = events;
    }

    void record(Service svc, ServiceState from, ServiceState to, String reason, RunSummary exit) {
        SupervisorEvent e = new SupervisorEvent(events.nextSeq(), Instant.now(), svc.name, from, to, reason,
                exit != null ? exit.pid() : svc.pid(), exit);
        // "{}{}" with the service and transition first: the log's rate limit (RepeatedMessageFilter) keys on
        // the first argument, so a crash loop is limited per service and transition, never across services
        StringBuilder line = line(e);
        int headLength = e.service().length() + 2 + from.wireName().length() + 4 + to.wireName().length();
        String head = line.substring(0, headLength);
        String rest = line.substring(headLength);
        if (to == ServiceState.FATAL || (to == ServiceState.BACKOFF && reason.startsWith("spawn failed"))) {
            LOG.warn("{}{}", head, rest);
        } else {
            LOG.info("{}{}", head, rest);
        }
        events.append(e);
    }

    /** An event of {@code svc}'s liveness check: its state stays, the check's verdict is {@code health}. */
    void recordHealth(Service svc, String reason, HealthState health) {
        ServiceState st = svc.state();
        SupervisorEvent e = new SupervisorEvent(events.nextSeq(), Instant.now(), svc.name, st, st, reason, svc.pid(),
                null, health.wireName());
        if (health == HealthState.UNHEALTHY) {
            LOG.warn("{}: {}", e.service(), reason);
        } else {
            LOG.info("{}: {}", e.service(), reason);
        }
        events.append(e);
    }

    /** The log line of {@code e}: its head "web: starting -> running", then pid, reason, a run's CPU and memory. */
    static StringBuilder line(SupervisorEvent e) {
        StringBuilder line = new StringBuilder(128);
        line.append(e.service()).append(": ").append(e.from().wireName()).append(" -> ").append(e.to().wireName());
        if (e.pid() > 0) line.append(" pid ").append(e.pid());
        line.append(": ").append(e.reason());
        RunSummary exit = e.exit();
        if (exit != null) {
            line.append(" [cpu user ");
            Durations.appendSeconds(line, exit.userCpuSeconds());
            line.append(" sys ");
            Durations.appendSeconds(line, exit.systemCpuSeconds());
            line.append(", max rss ");
            if (exit.maxRssBytes() < 0) {
                line.append("unknown]");
            } else {
                line.append(exit.maxRssBytes() / 1024).append(" KiB]");
            }
        }
        return line;
    }
}
