package org.pdsup.daemon.metrics;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Prometheus server (Debian's {@code /usr/bin/prometheus}) on a free loopback port, scraping one
 * target every second with its own scratch storage, queried through its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.e+]+,\"([^\"]+)\"\\]");

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(PROMETHEUS),
                "prometheus is not installed: apt-get install prometheus (or scripts/install-test-deps.sh)");
    }

    /** Starts Prometheus in {@code dir}, scraping {@code 127.0.0.1:targetPort} as job {@code pdsupd}. */
    PrometheusServer(Path dir, int targetPort) throws IOException {
        this.port = freePort();
        this.log = dir.resolve("prometheus.log");
        Path yml = dir.resolve("prometheus.yml");
        Files.writeString(yml, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: pdsupd",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + targetPort + "']", ""));
        process = new ProcessBuilder(PROMETHEUS.toString(),
                "--config.file=" + yml,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    Process process() {
        return process;
    }

    /**
     * The value of the first series {@code promql} returns, or empty while Prometheus is not up or has no
     * such series yet.
     */
    OptionalDouble query(String promql) throws InterruptedException {
        String url = "http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = VALUE.matcher(r.body());
            if (r.statusCode() == 200 && m.find()) return OptionalDouble.of(Double.parseDouble(m.group(1)));
        } catch (IOException e) {
            // still starting
        }
        return OptionalDouble.empty();
    }

    /** What Prometheus says about its targets, for failure messages. */
    String targets() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/targets"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    String logTail() {
        return tail(log);
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
