package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;

/**
 * The alerting rules and the Grafana dashboard of share/examples/pdsup/prometheus, as the tarball ships them:
 * the rules pass {@code promtool check rules} and their unit tests ({@code promtool test rules}); every query
 * of the dashboard is valid PromQL; and every metric a rule or a panel reads is in a real scrape of the
 * tarball's own pdsupd.
 */
class PrometheusExamplesTest {
    private static final String DIR = "share/examples/pdsup/prometheus";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Series Prometheus makes itself for every target; the rules may read them. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");
    private static final Pattern SAMPLE_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);
    private static final Pattern EXPR = Pattern.compile("^(\\s*)(?:- )?expr:\\s*(.*)$");

    @TempDir
    static Path tmp;
    static Path prefix;

    @BeforeAll
    static void unpack() throws Exception {
        prefix = Tarball.unpack(tmp.resolve("p")).toRealPath();
    }

    private static Path example(String name) {
        return prefix.resolve(DIR).resolve(name);
    }

    private static String promtool() {
        return Run.tool("promtool", "prometheus");
    }

    @Test
    void rulesPassPromtoolsCheckAndTheirUnitTests() throws Exception {
        Run.Result check = Run.run(List.of(promtool(), "check", "rules", example("pdsup.rules.yml").toString()));
        assertThat(check.exit()).as(check.describe()).isZero();
        assertThat(check.out()).as(check.describe()).contains("SUCCESS: 6 rules found");
        assertThat(alertNames()).containsExactly("PdsupSupervisorDown", "PdsupServiceFatal", "PdsupServiceDown",
                "PdsupServiceCrashLooping", "PdsupConfigReloadFailed", "PdsupOutputDropped");

        Run.Result test = Run.run(List.of(promtool(), "test", "rules", example("pdsup.rules.test.yml").toString()));
        assertThat(test.exit()).as(test.describe()).isZero();
        assertThat(test.out()).as(test.describe()).contains("SUCCESS");
        String tests = Files.readString(example("pdsup.rules.test.yml"));
        for (String alert : alertNames()) {
            assertThat(tests).as("a unit test of %s", alert).contains("alertname: " + alert + "\n");
        }
    }

    @Test
    void everyDashboardQueryIsValidPromql() throws Exception {
        Map<String, String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThan(20);
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (Map.Entry<String, String> q : queries.entrySet()) {
            if (q.getKey().startsWith("variable ")) continue;          // label_values() is Grafana's, not PromQL
            String expr = PromqlMetricNames.substituteGrafanaVariables(q.getValue());
            rules.append("      - record: dashboard:query").append(i++).append('\n')
                    .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
        }
        Path file = tmp.resolve("dashboard-queries.rules.yml");
        Files.writeString(file, rules);
        Run.Result check = Run.run(List.of(promtool(), "check", "rules", file.toString()));
        assertThat(check.exit()).as("%s\n%s", check.describe(), rules).isZero();
    }

    @Test
    void theDashboardIsOneGrafanaCanImport() throws Exception {
        Map<String, Object> d = dashboard();
        assertThat(d).containsEntry("uid", "pdsup-fleet").containsEntry("title", "pdsup");
        List<String> variables = new ArrayList<>();
        for (Object v : list(map(d.get("templating")).get("list"))) variables.add((String) map(v).get("name"));
        assertThat(variables).containsExactly("datasource", "job", "instance", "service");
        for (Map<String, Object> p : panels(d)) {
            assertThat(p.get("gridPos")).as("gridPos of %s", p.get("title")).isNotNull();
            if ("row".equals(p.get("type"))) continue;
            assertThat(map(p.get("datasource"))).as("%s", p.get("title")).containsEntry("uid", "${datasource}");
            Set<String> refIds = new TreeSet<>();
            for (Object t : list(p.get("targets"))) {
                String expr = (String) map(t).get("expr");
                assertThat(expr).as("query of %s", p.get("title")).isNotBlank();
                assertThat(refIds.add((String) map(t).get("refId"))).as("refIds of %s", p.get("title")).isTrue();
                Matcher m = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)").matcher(expr);
                while (m.find()) {
                    if (m.group(1).startsWith("__")) continue;
                    assertThat(variables).as("variable $%s in %s", m.group(1), p.get("title")).contains(m.group(1));
                }
            }
        }
    }

    @Test
    void findsTheMetricNamesOfAQuery() {
        assertThat(PromqlMetricNames.of("histogram_quantile(0.99, sum by (op, le) (rate(x_bucket{a=\"b\"}"
                + "[$__rate_interval])))")).containsExactly("x_bucket");
        assertThat(PromqlMetricNames.of("count(a{job=~\"$job\"} == 0) or vector(0)")).containsExactly("a");
        assertThat(PromqlMetricNames.of("sum without (reason, code) (increase(e{reason!=\"stopped\"}[15m])) > 3"))
                .containsExactly("e");
        assertThat(PromqlMetricNames.of("time() - (s > 0) + on (i) group_left (v) b offset 5m / 1e3"))
                .containsExactly("b", "s");
        assertThat(PromqlMetricNames.of("label_values(m{job=~\"$job\"}, instance)")).containsExactly("m");
        assertThat(PromqlMetricNames.of("up{job=\"pdsupd\"} == 0")).containsExactly("up");
    }

    @Test
    void everyMetricTheRulesAndTheDashboardReadIsInARealScrape() throws Exception {
        Set<String> scraped = scrapeARealPdsupd();
        assertThat(scraped).contains("pdsup_build_info", "pdsup_service_exits_total",
                "pdsup_control_request_duration_seconds_bucket");
        Map<String, String> queries = new LinkedHashMap<>(dashboardQueries());
        ruleExpressions().forEach((alert, expr) -> queries.put("rule " + alert, expr));
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            Set<String> names = PromqlMetricNames.of(q.getValue());
            assertThat(names).as("%s reads no metric: %s", q.getKey(), q.getValue()).isNotEmpty();
            names.removeAll(scraped);
            if (q.getKey().startsWith("rule ")) names.removeAll(MADE_BY_PROMETHEUS);
            if (!names.isEmpty()) missing.put(q.getKey(), names);
        }
        assertThat(missing).as("metrics no real pdsupd exports, by query").isEmpty();
    }

    /** Sample names of one scrape of the tarball's pdsupd after a crash, an operator restart and control requests. */
    private Set<String> scrapeARealPdsupd() throws Exception {
        int port = TarballDaemon.freePort("127.0.0.1");
        try (TarballDaemon d = TarballDaemon.start(prefix, tmp.resolve("daemon"), "127.0.0.1", port, """
                sleeper { command = [/bin/sleep, "3600"] }
                crasher { command = [/bin/sh, -c, "exit 3"], restart = never }
                """)) {
            d.pdctl("wait", "sleeper", "--timeout", "30s");
            d.pdctl("wait", "crasher", "--state", "exited", "--timeout", "30s");
            d.pdctl("restart", "sleeper");
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            Set<String> names = new TreeSet<>();
            Matcher m = SAMPLE_NAME.matcher(r.body());
            while (m.find()) names.add(m.group(1));
            return names;
        }
    }

    /** The alerts of the rules file, in order. */
    private static List<String> alertNames() throws IOException {
        return new ArrayList<>(ruleExpressions().keySet());
    }

    /**
     * Alert name to expression, read from the YAML by line: {@code - alert: NAME} then {@code expr: ...} on one
     * line or as a block ({@code expr: |}) indented below it.
     */
    private static Map<String, String> ruleExpressions() throws IOException {
        Map<String, String> rules = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(example("pdsup.rules.yml"));
        String alert = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("- alert:")) alert = line.strip().substring("- alert:".length()).strip();
            Matcher m = EXPR.matcher(line);
            if (!m.matches()) continue;
            String expr = m.group(2).strip();
            if (expr.startsWith("|") || expr.startsWith(">")) {
                StringBuilder b = new StringBuilder();
                int indent = m.group(1).length();
                while (i + 1 < lines.size() && (lines.get(i + 1).isBlank()
                        || lines.get(i + 1).length() - lines.get(i + 1).stripLeading().length() > indent)) {
                    b.append(lines.get(++i).strip()).append(' ');
                }
                expr = b.toString().strip();
            }
            assertThat(alert).as("expr before any alert at line %d", i + 1).isNotNull();
            rules.put(alert, expr);
            alert = null;
        }
        return rules;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dashboard() throws IOException {
        byte[] json = Files.readAllBytes(example("pdsup-dashboard.json"));
        try {
            return (Map<String, Object>) new JsonReader(JsonLimits.PROTOCOL).parse(json, 0, json.length);
        } catch (Exception e) {
            throw new AssertionError("pdsup-dashboard.json is not JSON: " + e.getMessage(), e);
        }
    }

    /** Every query of the dashboard: "PANEL/REFID" or "variable NAME" to its text. */
    private static Map<String, String> dashboardQueries() throws IOException {
        Map<String, Object> d = dashboard();
        Map<String, String> queries = new LinkedHashMap<>();
        for (Map<String, Object> p : panels(d)) {
            if (p.get("targets") == null) continue;
            for (Object t : list(p.get("targets"))) {
                queries.put(p.get("title") + "/" + map(t).get("refId"), (String) map(t).get("expr"));
            }
        }
        for (Object v : list(map(d.get("templating")).get("list"))) {
            Map<String, Object> var = map(v);
            if (!"query".equals(var.get("type"))) continue;
            Object q = var.get("query");
            queries.put("variable " + var.get("name"), q instanceof Map<?, ?> qm ? (String) qm.get("query") : (String) q);
        }
        return queries;
    }

    /** Top-level panels and the panels of collapsed rows. */
    private static List<Map<String, Object>> panels(Map<String, Object> d) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Object o : list(d.get("panels"))) {
            all.add(map(o));
            Object inner = map(o).get("panels");
            if (inner != null) for (Object i : list(inner)) all.add(map(i));
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
