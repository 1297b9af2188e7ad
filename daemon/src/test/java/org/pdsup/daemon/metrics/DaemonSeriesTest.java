package org.pdsup.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** pdsup_build_info, the pdsup_config_* reload series, and the canonical form of every bucket label. */
class DaemonSeriesTest {
    private static final Pattern LE = Pattern.compile("[{,]le=\"([^\"]*)\"");
    private static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0";

    private final Instant made = Instant.now();
    private final PdsupMetrics metrics = new PdsupMetrics(() -> TestSnapshots.of(
            TestSnapshots.running("web", 4242, 1, Map.of("exit:3", 1L, "stopped:signal:TERM", 2L))),
            pid -> Optional.empty(), new BuildInfo("1.2.3", "17.0.13+11", "linux-pidfd"));

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void buildInfoCarriesVersionJavaAndBackend() {
        Exposition e = Exposition.parse(metrics.scrape(null));
        assertThat(e.value("pdsup_build_info", "version", "1.2.3", "java", "17.0.13+11", "backend", "linux-pidfd"))
                .isEqualTo(1.0);
        assertThat(e.types.get("pdsup_build_info")).isEqualTo("gauge");
    }

    @Test
    void theStartUpLoadCountsAsSuccessfulUntilAReloadSaysOtherwise() {
        Exposition e = Exposition.parse(metrics.scrape(null));
        assertThat(e.value("pdsup_config_last_reload_successful")).isEqualTo(1.0);
        double loaded = e.value("pdsup_config_last_reload_success_timestamp_seconds");
        assertThat(loaded).isCloseTo(made.toEpochMilli() / 1e3, within(60.0));
        assertThat(e.value("pdsup_config_reloads_total")).isZero();
        assertThat(e.value("pdsup_config_reload_failures_total")).isZero();

        Instant refusedAt = made.plusSeconds(10);
        metrics.reloadListener().reloaded(false, refusedAt);
        e = Exposition.parse(metrics.scrape(null));
        assertThat(e.value("pdsup_config_last_reload_successful")).isZero();
        assertThat(e.value("pdsup_config_last_reload_success_timestamp_seconds")).as("the old one is in effect")
                .isEqualTo(loaded);
        assertThat(e.value("pdsup_config_reloads_total")).isEqualTo(1.0);
        assertThat(e.value("pdsup_config_reload_failures_total")).isEqualTo(1.0);

        Instant appliedAt = Instant.parse("2030-01-02T03:04:05.250Z");
        metrics.reloadListener().reloaded(true, appliedAt);
        e = Exposition.parse(metrics.scrape(null));
        assertThat(e.value("pdsup_config_last_reload_successful")).isEqualTo(1.0);
        assertThat(e.value("pdsup_config_last_reload_success_timestamp_seconds")).isEqualTo(1893553445.25);
        assertThat(e.value("pdsup_config_reloads_total")).isEqualTo(2.0);
        assertThat(e.value("pdsup_config_reload_failures_total")).isEqualTo(1.0);
    }

    @Test
    void operatorStopsHaveAReasonOfTheirOwn() {
        metrics.servicesChanged(Set.of("web"));
        Exposition e = Exposition.parse(metrics.scrape(null));
        assertThat(e.value("pdsup_service_exits_total", "service", "web", "reason", "stopped", "code", "TERM"))
                .isEqualTo(2.0);
        assertThat(e.value("pdsup_service_exits_total", "service", "web", "reason", "exit", "code", "3"))
                .isEqualTo(1.0);
        assertThat(e.value("pdsup_service_exits_total", "service", "web", "reason", "signal", "code", "TERM"))
                .isNull();
    }

    @Test
    void everyBucketLabelIsInTheCanonicalFormInBothFormats() throws Exception {
        metrics.spawnTook(Duration.ofNanos(200_000));
        metrics.controlRequest("status", "ok", Duration.ofNanos(90_000));
        metrics.servicesChanged(Set.of("web"));
        for (String accept : new String[] {null, OPENMETRICS}) {
            String scrape = metrics.scrape(accept);
            Matcher m = LE.matcher(scrape);
            int buckets = 0;
            while (m.find()) {
                buckets++;
                String le = m.group(1);
                assertThat(le).as("le in %s", accept).doesNotContain("E").isEqualTo(PrometheusNumbers.canonical(le));
            }
            assertThat(buckets).as("spawn (15) and control (15) buckets").isEqualTo(30);
            assertThat(scrape).contains("pdsup_spawn_duration_seconds_bucket{le=\"0.00025\"} 1")
                    .contains("pdsup_control_request_duration_seconds_bucket{op=\"status\",le=\"0.0001\"} 1")
                    .contains("le=\"1.0\"").contains("le=\"+Inf\"");
        }
        Promtool.assumeInstalled();
        Promtool.Result lint = Promtool.checkMetrics(metrics.scrape(null).getBytes(StandardCharsets.UTF_8));
        assertThat(lint.exitCode()).as(lint.output()).isZero();
    }
}
