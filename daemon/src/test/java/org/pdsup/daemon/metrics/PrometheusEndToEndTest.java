package org.pdsup.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real pdsupd with a crashing service, scraped every second by a real Prometheus on loopback; the restart
 * counter is read back through Prometheus' HTTP query API.
 */
class PrometheusEndToEndTest {

    static final String MAIN = "org.pdsup.daemon.Main";
    static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheRestartsOfACrashingService() throws Exception {
        PrometheusServer.assumeInstalled();
        int metricsPort = PrometheusServer.freePort();
        Process daemon = startDaemon(metricsPort);
        Path daemonLog = dir.resolve("pdsupd.log");
        try {
            waitForMetrics(daemon, metricsPort, daemonLog);
            try (PrometheusServer prometheus = new PrometheusServer(dir, metricsPort)) {
                String query = "pdsup_service_restarts_total{job=\"pdsupd\",service=\"crasher\"}";
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                while (System.nanoTime() < deadline) {
                    alive(daemon, "pdsupd", daemonLog);
                    alive(prometheus.process(), "prometheus", dir.resolve("prometheus.log"));
                    OptionalDouble restarts = prometheus.query(query);
                    if (restarts.isPresent() && restarts.getAsDouble() > 0) {
                        bucketLabelsAreStoredInTheCanonicalForm(prometheus);
                        return;
                    }
                    Thread.sleep(250);
                }
                fail("Prometheus did not report " + query + " > 0 within " + DEADLINE.toSeconds() + " s"
                        + "\n--- targets: " + prometheus.targets()
                        + "\n--- pdsupd log:\n" + PrometheusServer.tail(daemonLog)
                        + "\n--- prometheus log:\n" + prometheus.logTail());
            }
        } finally {
            daemon.destroy();                                        // SIGTERM: a clean shutdown
            if (!daemon.waitFor(15, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
                daemon.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The stored series have {@code le="0.00025"} and {@code le="1.0"}, and none has Java's {@code 2.5E-4}: the
     * form every other exporter writes, so that PromQL and dashboards written for them match pdsup's series.
     */
    private static void bucketLabelsAreStoredInTheCanonicalForm(PrometheusServer prometheus) throws Exception {
        String bucket = "pdsup_spawn_duration_seconds_bucket{job=\"pdsupd\",le=\"%s\"}";
        assertThat(prometheus.query(String.format(bucket, "0.00025"))).as("le=0.00025").isPresent();
        assertThat(prometheus.query(String.format(bucket, "1.0"))).as("le=1.0").isPresent();
        assertThat(prometheus.query(String.format(bucket, "2.5E-4"))).as("le=2.5E-4").isEmpty();
        assertThat(prometheus.query("count({job=\"pdsupd\",le=~\"0[.]0.*\"})")).as("the same query, matching")
                .isPresent();
        assertThat(prometheus.query("count({job=\"pdsupd\",le=~\".*E.*\"})")).as("any le with an exponent")
                .isEmpty();
        assertThat(prometheus.query("pdsup_build_info{job=\"pdsupd\"}")).hasValue(1.0);
        assertThat(prometheus.query("pdsup_config_last_reload_successful{job=\"pdsupd\"}")).hasValue(1.0);
    }

    private Process startDaemon(int metricsPort) throws IOException {
        try {
            Class.forName(MAIN);
        } catch (ClassNotFoundException e) {
            fail(MAIN + " is not on the test class path: the daemon's main class has not landed yet");
        }
        Path config = dir.resolve("pdsupd.conf");
        Files.writeString(config, String.join("\n",
                "pdsupd {",
                "  state-dir = \"" + dir.resolve("state") + "\"",
                "  log-dir = \"" + dir.resolve("log") + "\"",
                "  control { socket = \"" + dir.resolve("pdsupd.sock") + "\" }",
                "  metrics { enabled = true, listen = \"127.0.0.1:" + metricsPort + "\" }",
                "}",
                "services {",
                "  crasher {",
                "    command = [\"/bin/sh\", \"-c\", \"sleep 0.2; exit 1\"]",
                "    restart = always",
                "    backoff { initial = 100ms }",
                "  }",
                "}", ""));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String helper = System.getProperty("pdsup.exec.helper");
        if (helper != null) cmd.add("-Dpdsup.exec.helper=" + helper);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN, "--config", config.toString()));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("pdsupd.log").toFile()).start();
    }

    private static void waitForMetrics(Process daemon, int port, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            alive(daemon, "pdsupd", log);
            try {
                if (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        fail("pdsupd did not serve /metrics on 127.0.0.1:" + port + " within " + DEADLINE.toSeconds()
                + " s (is the metrics endpoint wired into the daemon?)\n" + PrometheusServer.tail(log));
    }

    private static void alive(Process p, String what, Path log) {
        if (!p.isAlive()) fail(what + " exited with status " + p.exitValue() + ":\n" + PrometheusServer.tail(log));
    }
}
