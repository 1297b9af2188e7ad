package org.pdsup.daemon.metrics;

import java.util.List;

import org.pdsup.daemon.metrics.ExpositionWriter.Type;
import org.pdsup.daemon.supervisor.HealthState;
import org.pdsup.daemon.supervisor.ServiceSnapshot;

/**
 * The liveness-check families, for the services that have a {@code health} check (the others have no series):
 * {@code pdsup_service_healthy}, {@code pdsup_service_health_check_failures_total} (from the published snapshot)
 * and {@code pdsup_service_health_check_duration_seconds} (from {@link HealthCheckDurations}). The names, types
 * and help texts here are the reference in docs/metrics.md.
 */
final class HealthExposition {
    private HealthExposition() {}

    static void write(ExpositionWriter w, List<ServiceSnapshot> checked, HealthCheckDurations durations) {
        if (checked.isEmpty()) return;
        w.family("pdsup_service_healthy", Type.GAUGE, null,
                "1 if the service's liveness check says healthy, else 0 (starting, unhealthy, or not running)");
        for (ServiceSnapshot s : checked) {
            boolean healthy = s.health().state() == HealthState.HEALTHY && s.pid() > 0;
            w.sample("pdsup_service_healthy", healthy ? 1 : 0, "service", s.name());
        }
        w.family("pdsup_service_health_check_failures", Type.COUNTER, null,
                "Liveness checks of the service that failed (within start-period too)");
        for (ServiceSnapshot s : checked) {
            w.sample("pdsup_service_health_check_failures_total", s.health().failures(), "service", s.name());
        }
        String h = "pdsup_service_health_check_duration_seconds";
        w.family(h, Type.HISTOGRAM, "seconds", "How long the service's liveness checks took");
        for (ServiceSnapshot s : checked) {
            HealthCheckDurations.Histogram hist = durations.of(s.name());
            HealthCheckDurations.Reading r = hist == null
                    ? new HealthCheckDurations.Reading(new long[HealthCheckDurations.BUCKETS.length], 0, 0)
                    : hist.read();
            for (int i = 0; i < HealthCheckDurations.BUCKETS.length; i++) {
                w.sample(h + "_bucket", r.cumulative()[i], "service", s.name(), "le",
                        PrometheusNumbers.labelValue(HealthCheckDurations.BUCKETS[i]));
            }
            w.sample(h + "_bucket", r.count(), "service", s.name(), "le", "+Inf");
            w.sample(h + "_sum", r.sum(), "service", s.name());
            w.sample(h + "_count", r.count(), "service", s.name());
        }
    }
}
