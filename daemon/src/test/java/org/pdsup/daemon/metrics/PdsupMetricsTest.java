package org.pdsup.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.pdsup.daemon.metrics.TestSnapshots.T0;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.daemon.supervisor.SupervisorSnapshot;
import org.pdsup.procdesc.stats.ProcessSample;
import org.pdsup.procdesc.stats.ProcessStats;

/** Values, label sets and lifecycle of the registry, read back through its own scrape. */
class PdsupMetricsTest {

    private static final int WEB_PID = 4242;
    /** up 1, state 7, restarts 1, spawn failures 1, start time 1, cpu 2, last max rss 1, resident 1,
     *  process cpu 2, output dropped 1; plus one per exit reason. */
    private static final int PER_SERVICE = 18;
    /** Stands in for the kernel: this test is about what the metrics make of a sample, not about reading one. */
    private static final ProcessStats FIXED = pid -> pid == WEB_PID
            ? Optional.of(new ProcessSample(52_428_800, 7.5, 1.25)) : Optional.empty();

    private final AtomicReference<SupervisorSnapshot> published = new AtomicReference<>(TestSnapshots.of(
            TestSnapshots.running("web", WEB_PID, 5, Map.of("exit:3", 4L, "signal:KILL", 1L)),
            TestSnapshots.inState("db", ServiceState.BACKOFF)));
    private final PdsupMetrics metrics = new PdsupMetrics(published::get, FIXED);

    @AfterEach
    void close() {
        metrics.close();
    }

    private Exposition scrape() {
        return Exposition.parse(metrics.scrape(null));
    }

    @Test
    void perServiceValuesEqualTheSnapshot() {
        metrics.servicesChanged(Set.of("web", "db"));
        Exposition e = scrape();

        assertThat(e.value("pdsup_service_up", "service", "web")).isEqualTo(1.0);
        assertThat(e.value("pdsup_service_up", "service", "db")).isEqualTo(0.0);
        for (ServiceState s : ServiceState.values()) {
            assertThat(e.value("pdsup_service_state", "service", "web", "state", s.wireName()))
                    .as("web state %s", s).isEqualTo(s == ServiceState.RUNNING ? 1.0 : 0.0);
            assertThat(e.value("pdsup_service_state", "service", "db", "state", s.wireName()))
                    .as("db state %s", s).isEqualTo(s == ServiceState.BACKOFF ? 1.0 : 0.0);
        }
        assertThat(e.value("pdsup_service_restarts_total", "service", "web")).isEqualTo(5.0);
        assertThat(e.value("pdsup_service_exits_total", "service", "web", "reason", "exit", "code", "3")).isEqualTo(4.0);
        assertThat(e.value("pdsup_service_exits_total", "service", "web", "reason", "signal", "code", "KILL")).isEqualTo(1.0);
        assertThat(e.seriesOf("pdsup_service_exits_total", "db")).isZero();
        assertThat(e.value("pdsup_service_spawn_failures_total", "service", "web")).isEqualTo(2.0);
        assertThat(e.value("pdsup_service_start_time_seconds", "service", "web"))
                .isCloseTo(T0.getEpochSecond() + 0.25, within(1e-3));
        assertThat(e.value("pdsup_service_start_time_seconds", "service", "db")).isEqualTo(0.0);
        assertThat(e.value("pdsup_service_cpu_seconds_total", "service", "web", "mode", "user")).isEqualTo(12.5);
        assertThat(e.value("pdsup_service_cpu_seconds_total", "service", "web", "mode", "system")).isEqualTo(3.25);
        assertThat(e.value("pdsup_service_last_max_rss_bytes", "service", "web")).isEqualTo(7_340_032.0);
        assertThat(e.value("pdsup_service_last_max_rss_bytes", "service", "db")).isEqualTo(0.0);
        assertThat(e.value("pdsup_service_resident_memory_bytes", "service", "web")).isEqualTo(52_428_800.0);
        assertThat(e.value("pdsup_service_resident_memory_bytes", "service", "db")).isEqualTo(0.0);
        assertThat(e.value("pdsup_service_process_cpu_seconds_total", "service", "web", "mode", "user")).isEqualTo(7.5);
        assertThat(e.value("pdsup_service_process_cpu_seconds_total", "service", "web", "mode", "system")).isEqualTo(1.25);
        assertThat(e.value("pdsup_service_process_cpu_seconds_total", "service", "db", "mode", "user")).isEqualTo(0.0);
        assertThat(e.value("pdsup_service_output_dropped_bytes_total", "service", "web")).isEqualTo(4096.0);

        assertThat(e.value("pdsup_services", "state", "running")).isEqualTo(1.0);
        assertThat(e.value("pdsup_services", "state", "backoff")).isEqualTo(1.0);
        assertThat(e.value("pdsup_services", "state", "fatal")).isEqualTo(0.0);
    }

    @Test
    void countersAreExposedAsCountersAndGaugesAsGauges() {
        metrics.servicesChanged(Set.of("web"));
        Exposition e = scrape();
        for (String counter : new String[] {"pdsup_service_restarts_total", "pdsup_service_exits_total",
                "pdsup_service_spawn_failures_total", "pdsup_service_cpu_seconds_total",
                "pdsup_service_process_cpu_seconds_total", "pdsup_service_output_dropped_bytes_total"}) {
            assertThat(e.types.get(counter)).as(counter).isEqualTo("counter");
        }
        for (String gauge : new String[] {"pdsup_service_up", "pdsup_service_state",
                "pdsup_service_start_time_seconds", "pdsup_service_last_max_rss_bytes",
                "pdsup_service_resident_memory_bytes", "pdsup_services"}) {
            assertThat(e.types.get(gauge)).as(gauge).isEqualTo("gauge");
        }
        assertThat(e.types.get("pdsup_spawn_duration_seconds")).isEqualTo("histogram");
    }

    @Test
    void valuesFollowEachNewSnapshot() {
        metrics.servicesChanged(Set.of("web", "db"));
        assertThat(scrape().value("pdsup_service_restarts_total", "service", "web")).isEqualTo(5.0);
        published.set(TestSnapshots.of(
                TestSnapshots.running("web", WEB_PID, 9, Map.of("exit:3", 4L, "signal:KILL", 1L, "signal:TERM", 2L)),
                TestSnapshots.running("db", 77, 1, Map.of())));
        Exposition e = scrape();
        assertThat(e.value("pdsup_service_restarts_total", "service", "web")).isEqualTo(9.0);
        assertThat(e.value("pdsup_service_exits_total", "service", "web", "reason", "signal", "code", "TERM"))
                .as("an exit reason seen for the first time gets its series").isEqualTo(2.0);
        assertThat(e.value("pdsup_service_up", "service", "db")).isEqualTo(1.0);
        assertThat(e.value("pdsup_services", "state", "running")).isEqualTo(2.0);
        assertThat(e.value("pdsup_services", "state", "backoff")).isEqualTo(0.0);
        assertThat(e.value("pdsup_service_resident_memory_bytes", "service", "db"))
                .as("pid 77 has no sample").isEqualTo(0.0);
    }

    @Test
    void seriesAppearAndDisappearWithServicesChanged() {
        metrics.servicesChanged(Set.of("web"));
        Exposition e = scrape();
        assertThat(e.seriesWithService("web")).isEqualTo(PER_SERVICE + 2);   // + its two exit reasons
        assertThat(e.seriesWithService("db")).isZero();

        metrics.servicesChanged(Set.of("web", "db"));
        e = scrape();
        assertThat(e.seriesWithService("db")).isEqualTo(PER_SERVICE);
        assertThat(e.seriesWithService("web")).isEqualTo(PER_SERVICE + 2);

        metrics.servicesChanged(Set.of("db"));
        e = scrape();
        assertThat(e.seriesWithService("web")).as("a removed service's series are gone").isZero();
        assertThat(e.seriesWithService("db")).isEqualTo(PER_SERVICE);
        assertThat(metrics.servicesWithSeries()).containsExactly("db");

        metrics.servicesChanged(Set.of("db", "web"));
        assertThat(scrape().value("pdsup_service_exits_total", "service", "web", "reason", "exit", "code", "3"))
                .as("a service added again starts from the snapshot's numbers").isEqualTo(4.0);
    }

    @Test
    void aConfiguredServiceTheSupervisorHasNotPublishedYetReadsZero() {
        metrics.servicesChanged(Set.of("web", "new"));
        Exposition e = scrape();
        assertThat(e.value("pdsup_service_up", "service", "new")).isEqualTo(0.0);
        assertThat(e.value("pdsup_service_restarts_total", "service", "new")).isEqualTo(0.0);
        assertThat(e.value("pdsup_service_state", "service", "new", "state", "stopped")).isEqualTo(0.0);
    }

    @Test
    void servicesChangedNeverWaitsForAScrapeInProgress() throws Exception {
        metrics.servicesChanged(Set.of("web"));
        CountDownLatch scraping = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Boolean> blockOnce = new AtomicReference<>(true);
        PdsupMetrics slow = new PdsupMetrics(() -> {
            if (blockOnce.getAndSet(false)) {
                scraping.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return published.get();
        }, FIXED);
        try {
            CompletableFuture<String> scrape = CompletableFuture.supplyAsync(() -> slow.scrape(null));
            assertThat(scraping.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> change = CompletableFuture.runAsync(() -> slow.servicesChanged(Set.of("db")));
            change.get(10, TimeUnit.SECONDS);                  // returns while the scrape holds the registry
            release.countDown();
            scrape.get(10, TimeUnit.SECONDS);
            Exposition e = Exposition.parse(slow.scrape(null));
            assertThat(e.seriesWithService("db")).as("applied by the next scrape").isEqualTo(PER_SERVICE);
            assertThat(e.seriesWithService("web")).isZero();
        } finally {
            release.countDown();
            slow.close();
        }
    }

    @Test
    void controlRequestsAreCountedByOpAndOutcomeAndTimedByOp() {
        metrics.controlRequest("status", "ok", Duration.ofNanos(300_000));
        metrics.controlRequest("status", "ok", Duration.ofMillis(3));
        metrics.controlRequest("start", "no_such_service", Duration.ofMillis(1));
        Exposition e = scrape();
        assertThat(e.value("pdsup_control_requests_total", "op", "status", "outcome", "ok")).isEqualTo(2.0);
        assertThat(e.value("pdsup_control_requests_total", "op", "start", "outcome", "no_such_service")).isEqualTo(1.0);
        assertThat(e.value("pdsup_control_request_duration_seconds_count", "op", "status")).isEqualTo(2.0);
        assertThat(e.value("pdsup_control_request_duration_seconds_bucket", "op", "status", "le", "0.0005")).isEqualTo(1.0);
        assertThat(e.value("pdsup_control_request_duration_seconds_bucket", "op", "status", "le", "0.005")).isEqualTo(2.0);
        assertThat(e.value("pdsup_control_request_duration_seconds_sum", "op", "status"))
                .isCloseTo(0.0033, within(1e-9));
        assertThat(e.types.get("pdsup_control_request_duration_seconds")).isEqualTo("histogram");
    }

    @Test
    void labelValuesFromTheWireCannotGrowTheSeriesWithoutBound() {
        metrics.controlRequest("bad op\n{}", "ok", Duration.ofMillis(1));
        for (int i = 0; i < PdsupMetrics.MAX_OPS + 10; i++) {
            metrics.controlRequest("op" + i, "ok", Duration.ofMillis(1));
        }
        Exposition e = scrape();
        assertThat(e.value("pdsup_control_requests_total", "op", "other", "outcome", "ok"))
                .as("1 malformed + 11 past the limit").isEqualTo(12.0);
        long ops = e.samples.keySet().stream()
                .filter(k -> k.startsWith("pdsup_control_request_duration_seconds_count{")).count();
        assertThat(ops).isEqualTo(PdsupMetrics.MAX_OPS);
    }

    @Test
    void spawnDurationsFeedTheHistogram() {
        metrics.spawnTook(Duration.ofMillis(3));
        metrics.spawnTook(Duration.ofMillis(40));
        Exposition e = scrape();
        assertThat(e.value("pdsup_spawn_duration_seconds_count")).isEqualTo(2.0);
        assertThat(e.value("pdsup_spawn_duration_seconds_bucket", "le", "0.005")).isEqualTo(1.0);
        assertThat(e.value("pdsup_spawn_duration_seconds_bucket", "le", "0.05")).isEqualTo(2.0);
        assertThat(e.value("pdsup_spawn_duration_seconds_bucket", "le", "+Inf")).isEqualTo(2.0);
    }

    @Test
    void jvmAndProcessMetricsAreThereUnderTheirConventionalNames() {
        Exposition e = scrape();
        assertThat(e.value("process_cpu_seconds_total")).isPositive();
        assertThat(e.value("process_start_time_seconds")).isPositive();
        assertThat(e.value("process_files_open_files")).isPositive();
        assertThat(e.value("system_cpus")).isEqualTo((double) Runtime.getRuntime().availableProcessors());
        assertThat(e.samples.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"));
        assertThat(e.samples.keySet()).anyMatch(k -> k.startsWith("jvm_threads_live_threads"));
        assertThat(e.samples.keySet()).noneMatch(k -> k.startsWith("process_cpu_time_ns"));
        assertThat(e.samples.keySet()).noneMatch(k -> k.startsWith("system_cpu_count"));
    }

    @Test
    void readsTheRunningProcessThroughTheRealProcessStats() {
        int self = (int) ProcessHandle.current().pid();
        published.set(TestSnapshots.of(TestSnapshots.running("self", self, 0, Map.of())));
        try (PdsupMetrics real = new PdsupMetrics(published::get)) {
            real.servicesChanged(Set.of("self"));
            Exposition e = Exposition.parse(real.scrape(null));
            assertThat(e.value("pdsup_service_resident_memory_bytes", "service", "self")).isGreaterThan(1 << 20);
            assertThat(e.value("pdsup_service_process_cpu_seconds_total", "service", "self", "mode", "user")).isPositive();
            assertThat(e.value("process_resident_memory_bytes")).isGreaterThan(1 << 20);
        }
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() {
        metrics.servicesChanged(Set.of("web"));
        String om = metrics.scrape("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        assertThat(om).endsWith("# EOF\n");
        assertThat(om).contains("# TYPE pdsup_service_restarts counter\n");
        assertThat(om).contains("pdsup_service_restarts_total{service=\"web\"} 5\n");
        assertThat(om.indexOf("# EOF")).as("one EOF, at the end").isEqualTo(om.length() - 6);
        String text = metrics.scrape("text/plain");
        assertThat(text).doesNotContain("# EOF");
        assertThat(text).contains("# TYPE pdsup_service_restarts_total counter\n");
    }
}
