package org.pdsup.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.pdsup.daemon.supervisor.HealthSnapshot;
import org.pdsup.daemon.supervisor.HealthState;
import org.pdsup.daemon.supervisor.ServiceSnapshot;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.daemon.supervisor.SupervisorSnapshot;

/**
 * The liveness-check series: only services with a check have them; the healthy gauge and the failures counter come
 * from the snapshot, the duration histogram from what the supervisor observed; both formats pass promtool.
 */
class HealthSeriesTest {

    private static ServiceSnapshot withHealth(String name, HealthState state, long failures) {
        ServiceSnapshot s = TestSnapshots.running(name, 4242, 0, Map.of());
        HealthSnapshot h = new HealthSnapshot("tcp", state, state == HealthState.HEALTHY, "tcp 127.0.0.1:1: connected",
                TestSnapshots.T0, Duration.ofMillis(3), 0, 3, 10, failures);
        return new ServiceSnapshot(s.name(), s.state(), s.ready(), s.pid(), s.since(), s.startedAt(), s.restarts(),
                s.spawnFailures(), s.lastExit(), s.lastError(), s.persist(), s.adopted(), s.exits(),
                s.totalUserCpuSeconds(), s.totalSystemCpuSeconds(), s.outputDroppedBytes(), s.reason(), h);
    }

    @Test
    void seriesForCheckedServicesOnly() throws Exception {
        AtomicReference<SupervisorSnapshot> snap = new AtomicReference<>(TestSnapshots.of(
                withHealth("web", HealthState.HEALTHY, 2), withHealth("db", HealthState.UNHEALTHY, 5),
                TestSnapshots.inState("plain", ServiceState.RUNNING)));
        try (PdsupMetrics metrics = new PdsupMetrics(snap::get, pid -> java.util.Optional.empty())) {
            metrics.servicesChanged(Set.of("web", "db", "plain"));
            metrics.healthChecked("web", Duration.ofMillis(3), true);
            metrics.healthChecked("web", Duration.ofMillis(700), false);
            String text = metrics.scrape(null);
            assertThat(text).contains("pdsup_service_healthy{service=\"web\"} 1\n")
                    .contains("pdsup_service_healthy{service=\"db\"} 0\n")
                    .contains("pdsup_service_health_check_failures_total{service=\"db\"} 5\n")
                    .contains("pdsup_service_health_check_duration_seconds_bucket{service=\"web\",le=\"0.005\"} 1\n")
                    .contains("pdsup_service_health_check_duration_seconds_bucket{service=\"web\",le=\"1.0\"} 2\n")
                    .contains("pdsup_service_health_check_duration_seconds_bucket{service=\"web\",le=\"+Inf\"} 2\n")
                    .contains("pdsup_service_health_check_duration_seconds_count{service=\"web\"} 2\n")
                    .contains("pdsup_service_health_check_duration_seconds_count{service=\"db\"} 0\n")
                    .contains("# TYPE pdsup_service_health_check_duration_seconds histogram\n");
            assertThat(text).doesNotContain("service=\"plain\"} 1\npdsup_service_health")
                    .doesNotContainPattern("pdsup_service_health\\w*\\{service=\"plain\"");
            String om = metrics.scrape("application/openmetrics-text; version=1.0.0");
            assertThat(om).contains("# UNIT pdsup_service_health_check_duration_seconds seconds\n")
                    .contains("# TYPE pdsup_service_health_check_failures counter\n");

            metrics.servicesChanged(Set.of("db", "plain"));
            assertThat(metrics.scrape(null)).doesNotContain("service=\"web\"");

            Promtool.assumeInstalled();
            Promtool.Result lint = Promtool.checkMetrics(text.getBytes(StandardCharsets.UTF_8));
            assertThat(lint.exitCode()).as(lint.output()).isZero();
        }
    }
}
