package org.pdsup.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.procdesc.stats.ProcessSample;

/**
 * A real Prometheus scrapes a {@link MetricsServer} fed with snapshot records (in OpenMetrics, which it asks
 * for) and stores the numbers the snapshot holds. Independent of the daemon.
 */
class PrometheusIngestTest {

    @TempDir
    Path dir;

    @Test
    void prometheusStoresTheSnapshotsNumbers() throws Exception {
        PrometheusServer.assumeInstalled();
        try (PdsupMetrics metrics = new PdsupMetrics(() -> TestSnapshots.of(
                TestSnapshots.running("web", 4242, 7, Map.of("exit:3", 5L, "signal:KILL", 2L)),
                TestSnapshots.inState("db", ServiceState.FATAL)),
                pid -> Optional.of(new ProcessSample(3 << 20, 1.5, 0.5)));
             MetricsServer server = new MetricsServer("127.0.0.1", 0, metrics)) {
            metrics.servicesChanged(Set.of("web", "db"));
            int port = server.start().getPort();
            try (PrometheusServer prometheus = new PrometheusServer(dir, port)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                OptionalDouble restarts = OptionalDouble.empty();
                while (System.nanoTime() < deadline && restarts.isEmpty()) {
                    if (!prometheus.process().isAlive()) fail("prometheus exited:\n" + prometheus.logTail());
                    restarts = prometheus.query("pdsup_service_restarts_total{service=\"web\"}");
                    if (restarts.isEmpty()) Thread.sleep(250);
                }
                assertThat(restarts).as("targets: %s\n%s", prometheus.targets(), prometheus.logTail()).hasValue(7.0);
                assertThat(prometheus.query("pdsup_service_exits_total{service=\"web\",reason=\"signal\",code=\"KILL\"}"))
                        .hasValue(2.0);
                assertThat(prometheus.query("pdsup_service_state{service=\"db\",state=\"fatal\"}")).hasValue(1.0);
                assertThat(prometheus.query("pdsup_service_resident_memory_bytes{service=\"web\"}"))
                        .hasValue(3.0 * (1 << 20));
                assertThat(prometheus.query("pdsup_services{state=\"running\"}")).hasValue(1.0);
                assertThat(prometheus.query("up{job=\"pdsupd\"}")).hasValue(1.0);
            }
        }
    }
}
