package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.HealthInfo;
import org.pdsup.protocol.Response;
import org.pdsup.protocol.ServiceStatus;
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;

/**
 * A real pdsupd with a liveness check: {@code pdctl status} (table and --json) shows the health and the last
 * check, {@code pdctl events --json} the health events, and a real scrape the health series; a service without a
 * check has none of them.
 */
class HealthAgainstDaemonTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$",
            Pattern.MULTILINE);

    @TempDir
    Path tmp;

    private Path socket;
    private int metricsPort;

    @Test
    void healthShowsInStatusEventsAndMetrics() throws Exception {
        socket = tmp.resolve("pdsupd.sock");
        metricsPort = freePort();
        int webPort = freePort();
        Path sick = tmp.resolve("sick");
        Path server = tmp.resolve("web.py");
        Files.writeString(server, """
                import http.server, os, sys
                port, sick = int(sys.argv[1]), sys.argv[2]
                class Handler(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        self.send_response(503 if os.path.exists(sick) else 200)
                        self.end_headers()
                    def log_message(self, *args):
                        pass
                http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
                """);
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Path cfg = tmp.resolve("pdsupd.conf");
        Files.writeString(cfg, "pdsupd {\n"
                + "  state-dir = \"" + tmp.resolve("state") + "\"\n"
                + "  log-dir = \"" + tmp.resolve("log") + "\"\n"
                + "  control.socket = \"" + socket + "\"\n"
                + "  metrics { enabled = true, listen = \"127.0.0.1:" + metricsPort + "\" }\n"
                + "}\nservices {\n"
                + "  web { command = [\"" + python + "\", \"" + server + "\", \"" + webPort + "\", \"" + sick + "\"],\n"
                + "        backoff { initial = 30s, max = 30s },\n"
                + "        health { mode = http, url = \"http://127.0.0.1:" + webPort + "/\", interval = 200ms,"
                + " timeout = 2s, failures = 2 } }\n"
                + "  plain { command = [\"/bin/sleep\", \"600\"] }\n"
                + "}\n");
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.runningPid("web", WAIT);
            d.awaitLine("metrics on http://", 0, WAIT);
            ServiceStatus web = awaitHealth("healthy");
            HealthInfo h = web.health();
            assertThat(h.mode()).isEqualTo("http");
            assertThat(h.lastPassed()).isTrue();
            assertThat(h.lastResult()).isEqualTo("GET http://127.0.0.1:" + webPort + "/: HTTP 200");
            assertThat(h.lastCheckAt()).isNotNull();
            assertThat(h.lastCheckSeconds()).isBetween(0L, 30L);
            assertThat(h.failuresToRestart()).isEqualTo(2);
            assertThat(status("plain").health()).isNull();
            String json = pdctl("--json", "status", "plain").out();
            assertThat(json).contains("\"health\":null");

            String table = pdctl("status", "web").out();
            assertThat(table).containsPattern("running \\(healthy, checked \\d+s ago\\)");

            Map<String, Double> m = scrape();
            assertThat(m.get("pdsup_service_healthy{service=\"web\"}")).isEqualTo(1.0);
            assertThat(m.get("pdsup_service_health_check_failures_total{service=\"web\"}")).isZero();
            assertThat(m.get("pdsup_service_health_check_duration_seconds_count{service=\"web\"}")).isPositive();
            assertThat(m.get("pdsup_service_health_check_duration_seconds_bucket{service=\"web\",le=\"+Inf\"}"))
                    .isPositive();
            assertThat(m.keySet()).noneMatch(k -> k.startsWith("pdsup_service_health") && k.contains("plain"));

            Files.writeString(sick, "");
            awaitReason("unhealthy: GET http://127.0.0.1:" + webPort + "/: HTTP 503");
            ServiceStatus after = status("web");
            assertThat(after.health().state()).isEqualTo("unhealthy");
            assertThat(after.lastError()).isEqualTo("unhealthy: GET http://127.0.0.1:" + webPort + "/: HTTP 503");
            m = scrape();
            assertThat(m.get("pdsup_service_healthy{service=\"web\"}")).isZero();
            assertThat(m.get("pdsup_service_health_check_failures_total{service=\"web\"}")).isEqualTo(2.0);

            String events = pdctl("--json", "events", "web").out();
            assertThat(events).contains("\"health\":\"healthy\"").contains("\"health\":\"unhealthy\"")
                    .contains("health check failed (1 of 2): GET http://127.0.0.1:" + webPort + "/: HTTP 503");
        }
    }

    private ServiceStatus awaitHealth(String state) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            ServiceStatus s = status("web");
            if (s.health() != null && state.equals(s.health().state()) && "running".equals(s.state())) return s;
            if (System.nanoTime() > deadline) throw new AssertionError("web never " + state + ": " + s);
            Thread.sleep(50);
        }
    }

    private void awaitReason(String prefix) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            ServiceStatus s = status("web");
            if ("backoff".equals(s.state()) && s.reason() != null && s.reason().startsWith(prefix)) return;
            if (System.nanoTime() > deadline) throw new AssertionError("web never backed off with " + prefix + ": " + s);
            Thread.sleep(50);
        }
    }

    private ServiceStatus status(String name) throws Exception {
        InProcessPdctl.Result r = pdctl("--json", "status", name);
        byte[] json = r.out().strip().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Object tree = new JsonReader(JsonLimits.PROTOCOL).parse(json, 0, json.length);
        return Response.of(tree).services().get(0);
    }

    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        Matcher m = SAMPLE.matcher(r.body());
        while (m.find()) {
            String value = m.group(3);
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)),
                    value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value));
        }
        return samples;
    }

    private InProcessPdctl.Result pdctl(String... args) {
        return InProcessPdctl.run(socket, args);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
