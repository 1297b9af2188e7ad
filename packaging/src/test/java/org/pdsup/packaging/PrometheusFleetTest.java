package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;

/**
 * docs/metrics.md's fleet set-up, for real: one Prometheus with the scrape job copied from the document
 * (file_sd, the relabeling that makes {@code instance} the host name) and the tarball's alerting rules, two
 * pdsupd hosts from the tarball (127.0.0.1 and 127.0.0.2). The alerts name the host and the service they are
 * about, and only that host: a service that hits its start limit on one host, a refused reload, and a host
 * whose pdsupd stops.
 */
class PrometheusFleetTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    /** Generous: Prometheus and two JVMs start on a loaded 2-core machine; each step is seconds when idle. */
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int prometheusPort;

    @Test
    void onePrometheusTellsTheHostsApartAndAlertsOnTheRightOne() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus is not installed (scripts/install-test-deps.sh)");
        Path prefix = Tarball.unpack(tmp.resolve("p")).toRealPath();
        int portA = TarballDaemon.freePort("127.0.0.1");
        int portB = TarballDaemon.freePort("127.0.0.2");
        String services = """
                sleeper { command = [/bin/sleep, "3600"] }
                doomed  { command = [/bin/sh, -c, "exit 1"], backoff { initial = 100ms },
                          start-limit { burst = 2, interval = 60s } }
                """;
        try (TarballDaemon a = TarballDaemon.launch(prefix, tmp.resolve("a"), "127.0.0.1", portA, services);
             TarballDaemon b = TarballDaemon.launch(prefix, tmp.resolve("b"), "127.0.0.2", portB,
                     "sleeper { command = [/bin/sleep, \"3600\"] }\n")) {
            Process prometheus = startPrometheus(prefix, List.of("127.0.0.1:" + portA, "127.0.0.2:" + portB));
            try {
                a.awaitReachable();
                b.awaitReachable();
                List<Map<String, Object>> up = await("up{job=\"pdsupd\"} == 1", r -> r.size() == 2);
                assertThat(instances(up)).as("instance is the host name, without the port")
                        .containsExactly("127.0.0.1", "127.0.0.2");

                List<Map<String, Object>> fatal = await(
                        "ALERTS{alertname=\"PdsupServiceFatal\",alertstate=\"firing\"}", r -> !r.isEmpty());
                assertThat(fatal).hasSize(1);
                assertThat(labels(fatal.get(0))).containsEntry("instance", "127.0.0.1")
                        .containsEntry("service", "doomed").containsEntry("job", "pdsupd")
                        .containsEntry("severity", "critical");

                a.rewrite(services + "broken { command = 42 }\n");
                assertThat(a.pdctlRun("reload").exit()).isNotZero();
                List<Map<String, Object>> reload = await("ALERTS{alertname=\"PdsupConfigReloadFailed\"}",
                        r -> !r.isEmpty());
                assertThat(instances(reload)).containsExactly("127.0.0.1");
                assertThat(labels(reload.get(0))).containsEntry("alertstate", "pending");   // for: 5m

                b.stop();
                List<Map<String, Object>> down = await("ALERTS{alertname=\"PdsupSupervisorDown\"}",
                        r -> !r.isEmpty());
                assertThat(instances(down)).containsExactly("127.0.0.2");
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(15, TimeUnit.SECONDS)) prometheus.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * Prometheus with docs/metrics.md's fleet job (scrape interval 1 s instead of 30 s, the targets file
     * replaced by one listing {@code targets}) and the tarball's rules, evaluated every second.
     */
    private Process startPrometheus(Path prefix, List<String> targets) throws Exception {
        String job = documentedFleetJob();
        Path hosts = tmp.resolve("pdsupd-hosts.yml");
        Files.writeString(hosts, "- targets: ['" + String.join("', '", targets) + "']\n  labels: {env: test}\n");
        String config = "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
                + "rule_files:\n  - " + prefix.resolve("share/examples/pdsup/prometheus/pdsup.rules.yml") + "\n"
                + job.replace("scrape_interval: 30s", "scrape_interval: 1s")
                        .replace("/usr/local/etc/prometheus/pdsupd-hosts.yml", hosts.toString());
        Path yml = tmp.resolve("prometheus.yml");
        Files.writeString(yml, config);
        Run.Result check = Run.run(List.of(Run.tool("promtool", "prometheus"), "check", "config", yml.toString()));
        assertThat(check.exit()).as("%s\n%s", check.describe(), config).isZero();
        prometheusPort = TarballDaemon.freePort("127.0.0.1");
        return new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + yml,
                "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
    }

    /** The YAML block of docs/metrics.md that holds the fleet's scrape job (the one with file_sd_configs). */
    private static String documentedFleetJob() throws IOException {
        String doc = Files.readString(Build.repoFile("docs/metrics.md"));
        int at = doc.indexOf("file_sd_configs");
        assertThat(at).as("docs/metrics.md has no fleet scrape job with file_sd_configs").isPositive();
        int start = doc.lastIndexOf("```yaml\n", at) + "```yaml\n".length();
        int end = doc.indexOf("```", at);
        String block = doc.substring(start, end);
        assertThat(block).contains("scrape_configs:", "job_name: pdsupd", "relabel_configs:",
                "scrape_interval: 30s", "/usr/local/etc/prometheus/pdsupd-hosts.yml");
        return block;
    }

    /** Polls an instant query until {@code done} holds for its result (bounded by {@link #WAIT}). */
    private List<Map<String, Object>> await(String promql, Predicate<List<Map<String, Object>>> done)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Map<String, Object>> last = List.of();
        while (System.nanoTime() < deadline) {
            last = query(promql);
            if (done.test(last)) return last;
            Thread.sleep(250);
        }
        throw new AssertionError("no answer to " + promql + " within " + WAIT + "; last " + last
                + "\n--- targets: " + get("/api/v1/targets") + "\n--- prometheus log:\n"
                + Files.readString(tmp.resolve("prometheus.log")));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> query(String promql) throws InterruptedException {
        String body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (body == null) return List.of();
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Map<String, Object> r = (Map<String, Object>) JsonReader.forTrustedPeer(JsonLimits.PROTOCOL)
                    .parse(bytes, 0, bytes.length);
            if (!"success".equals(r.get("status"))) throw new AssertionError(promql + ": " + body);
            return (List<Map<String, Object>>) ((Map<String, Object>) r.get("data")).get("result");
        } catch (org.pdsup.protocol.json.JsonSyntaxException e) {
            throw new AssertionError(promql + ": not JSON: " + body, e);
        }
    }

    /** The body of a 200 answer, or null while Prometheus is not up yet. */
    private String get(String path) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort
                    + path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> labels(Map<String, Object> series) {
        return (Map<String, Object>) series.get("metric");
    }

    private static Set<String> instances(List<Map<String, Object>> result) {
        Set<String> s = new TreeSet<>();
        for (Map<String, Object> series : result) s.add((String) labels(series).get("instance"));
        return s;
    }
}
