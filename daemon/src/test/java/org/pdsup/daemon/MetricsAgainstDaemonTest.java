package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real pdsupd with its metrics endpoint, driven through pdctl and SIGHUP: an operator's stop and restart are
 * counted as reason "stopped", never as a crash, while a real crash is; a refused and an applied reload show in
 * the pdsup_config_* series; pdsup_build_info names this build.
 */
class MetricsAgainstDaemonTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$",
            Pattern.MULTILINE);

    @TempDir
    Path tmp;

    private Path socket;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private Path config(String services) throws IOException {
        Path file = tmp.resolve("pdsupd.conf");
        Files.writeString(file, "pdsupd {\n"
                + "  state-dir = \"" + tmp.resolve("state") + "\"\n"
                + "  log-dir = \"" + tmp.resolve("log") + "\"\n"
                + "  control.socket = \"" + socket + "\"\n"
                + "  metrics { enabled = true, listen = \"127.0.0.1:" + port + "\" }\n"
                + "}\nservices {\n" + services + "\n}\n");
        return file;
    }

    private static final String SERVICES = """
            sleeper { command = ["/bin/sleep", "600"] }
            crasher { command = ["/bin/sh", "-c", "exit 3"], restart = never }
            """;

    @Test
    void operatorStopsAreNotCrashesAndReloadsAreReported() throws Exception {
        socket = tmp.resolve("pdsupd.sock");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfg = config(SERVICES);
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.runningPid("sleeper", WAIT);
            d.awaitLine("metrics on http://", 0, WAIT);
            pdctlOk("wait", "crasher", "--state", "exited", "--timeout", "30s");

            pdctlOk("stop", "sleeper");
            pdctlOk("start", "sleeper");
            pdctlOk("restart", "sleeper");
            pdctlOk("wait", "sleeper", "--state", "running", "--timeout", "30s");

            Map<String, Double> m = scrape();
            assertThat(m.get("pdsup_service_exits_total{code=\"TERM\",reason=\"stopped\",service=\"sleeper\"}"))
                    .as("stop, then restart: %s", exits(m)).isEqualTo(2.0);
            assertThat(m.keySet()).as("nothing of the sleeper counted as a crash")
                    .noneMatch(k -> k.startsWith("pdsup_service_exits_total{") && k.contains("sleeper")
                            && !k.contains("reason=\"stopped\""));
            assertThat(m.get("pdsup_service_exits_total{code=\"3\",reason=\"exit\",service=\"crasher\"}"))
                    .isEqualTo(1.0);

            assertThat(m.get("pdsup_build_info{backend=\"linux-pidfd\",java=\"" + Runtime.version()
                    + "\",version=\"" + Version.get() + "\"}")).as("%s", m.keySet()).isEqualTo(1.0);

            assertThat(m.get("pdsup_config_last_reload_successful")).isEqualTo(1.0);
            double loadedAt = m.get("pdsup_config_last_reload_success_timestamp_seconds");
            assertThat(loadedAt).isPositive();

            config(SERVICES + "broken { command = 42 }\n");
            InProcessPdctl.Result refused = pdctl("reload");
            assertThat(refused.code()).as(refused.err()).isNotZero();
            m = scrape();
            assertThat(m.get("pdsup_config_last_reload_successful")).isZero();
            assertThat(m.get("pdsup_config_last_reload_success_timestamp_seconds")).isEqualTo(loadedAt);
            assertThat(m.get("pdsup_config_reload_failures_total")).isEqualTo(1.0);
            assertThat(m.get("pdsup_config_reloads_total")).isEqualTo(1.0);

            config(SERVICES + "extra { command = [\"/bin/sleep\", \"601\"] }\n");
            int mark = d.lineCount();
            new ProcessBuilder("kill", "-HUP", Long.toString(d.process.pid())).start().waitFor();
            d.awaitLine("reload applied: added \\[extra\\]", mark, WAIT);
            m = awaitSample("pdsup_config_reloads_total", 2.0);
            assertThat(m.get("pdsup_config_last_reload_successful")).isEqualTo(1.0);
            assertThat(m.get("pdsup_config_last_reload_success_timestamp_seconds")).isGreaterThan(loadedAt);
            assertThat(m.get("pdsup_config_reload_failures_total")).isEqualTo(1.0);
        }
    }

    private static java.util.List<String> exits(Map<String, Double> m) {
        return m.entrySet().stream().filter(e -> e.getKey().startsWith("pdsup_service_exits_total"))
                .map(e -> e.getKey() + " " + e.getValue()).sorted().toList();
    }

    /** The reload listener runs as the reload completes, just after the log line: wait for the count. */
    private Map<String, Double> awaitSample(String key, double value) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Map<String, Double> m = scrape();
            if (Double.valueOf(value).equals(m.get(key)) || System.nanoTime() > deadline) return m;
            Thread.sleep(50);
        }
    }

    /** Every sample of a text-format scrape: name{labels as written} to value. */
    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
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

    private void pdctlOk(String... args) {
        InProcessPdctl.Result r = pdctl(args);
        assertThat(r.code()).as("pdctl %s: %s %s", String.join(" ", args), r.out(), r.err()).isZero();
    }
}
