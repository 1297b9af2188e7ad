/*
 * Scrape benchmark for pdsupd's metrics endpoint (docs/benchmarks.md, "Metrics scrape").
 *
 * Builds a supervisor snapshot of N services (default 1000), each with a real running process (a `sleep`
 * child, so every scrape reads N processes' memory and CPU from the kernel), serves it with MetricsServer on
 * loopback, and times scrapes after a warm-up:
 *   - "registry": PdsupMetrics.scrape() into memory (what a scrape costs the daemon),
 *   - "cpu":      the CPU time of the scraping thread for the same scrapes (less sensitive to other load),
 *   - "http":     GET /metrics over a kept-alive loopback connection, whole response read (what a scraper sees).
 * Prints median, p90 and max of each, and the response size and series count.
 *
 * Run: bench/metrics/run.sh [services] [scrapes] [warmup] [--no-procs]
 */

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.pdsup.daemon.metrics.MetricsServer;
import org.pdsup.daemon.metrics.PdsupMetrics;
import org.pdsup.daemon.supervisor.RunSummary;
import org.pdsup.daemon.supervisor.ServiceSnapshot;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.daemon.supervisor.SupervisorSnapshot;

public final class ScrapeBench {

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean procs = !rest.remove("--no-procs");
        int services = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 1000;
        int scrapes = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 200;
        int warmup = rest.size() > 2 ? Integer.parseInt(rest.get(2)) : 100;

        List<Process> children = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> children.forEach(Process::destroyForcibly)));
        try {
            if (procs) {
                for (int i = 0; i < services; i++) {
                    children.add(new ProcessBuilder("sleep", "3600")
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start());
                }
            }
            SupervisorSnapshot snapshot = snapshot(services, children);
            try (PdsupMetrics metrics = new PdsupMetrics(() -> snapshot);
                 MetricsServer server = new MetricsServer("127.0.0.1", 0, metrics)) {
                metrics.servicesChanged(snapshot.services().keySet());
                int port = server.start().getPort();
                String body = metrics.scrape(null);
                long series = body.lines().filter(l -> !l.startsWith("#") && !l.isEmpty()).count();

                for (int i = 0; i < warmup; i++) metrics.scrape(null);
                var threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long[] registry = new long[scrapes];
                long[] registryCpu = new long[scrapes];
                for (int i = 0; i < scrapes; i++) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    metrics.scrape(null, java.io.OutputStream.nullOutputStream());
                    registry[i] = System.nanoTime() - t0;
                    registryCpu[i] = threads.getCurrentThreadCpuTime() - c0;
                }

                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .header("Accept", "text/plain;version=0.0.4").build();
                long bytes = 0;
                for (int i = 0; i < warmup; i++) bytes = http(client, get);
                long[] http = new long[scrapes];
                for (int i = 0; i < scrapes; i++) {
                    long t0 = System.nanoTime();
                    bytes = http(client, get);
                    http[i] = System.nanoTime() - t0;
                }
                System.out.printf("services=%d running-processes=%d series=%d response-bytes=%d scrapes=%d warmup=%d%n",
                        services, children.size(), series, bytes, scrapes, warmup);
                report("registry", registry);
                report("cpu", registryCpu);
                report("http", http);
            }
        } finally {
            for (Process p : children) p.destroyForcibly();
            for (Process p : children) p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long http(HttpClient client, HttpRequest get) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(get, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException("GET /metrics: HTTP " + r.statusCode());
        return r.body().length;
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%-9s median %7.2f ms   p90 %7.2f ms   max %7.2f ms%n", what,
                s[s.length / 2] / 1e6, s[(int) Math.ceil(s.length * 0.9) - 1] / 1e6, s[s.length - 1] / 1e6);
    }

    /** N services in a mix of states, with exit histories; running ones point at the real children. */
    private static SupervisorSnapshot snapshot(int n, List<Process> children) {
        Instant now = Instant.now();
        Map<String, ServiceSnapshot> m = new LinkedHashMap<>();
        ServiceState[] states = ServiceState.values();
        for (int i = 0; i < n; i++) {
            String name = String.format("svc-%04d", i);
            boolean running = i < children.size();
            ServiceState state = running ? ServiceState.RUNNING : states[i % states.length];
            int pid = running ? (int) children.get(i).pid() : 0;
            RunSummary last = new RunSummary(100000 + i, now.minusSeconds(60), now.minusSeconds(30), "exit 1", 1,
                    null, false, 0.01 * i, 0.005 * i, 4_000_000L + i);
            Map<String, Long> exits = i % 3 == 0 ? Map.of("exit:1", (long) i, "signal:KILL", 2L)
                    : Map.of("exit:0", 1L);
            m.put(name, new ServiceSnapshot(name, state, running, pid, now.minusSeconds(10),
                    running ? now.minusSeconds(10) : null, i % 7, i % 2, last, null, false, false, exits,
                    0.1 * i, 0.05 * i, i % 5 == 0 ? 1024L * i : 0L));
        }
        return new SupervisorSnapshot(now, m);
    }
}
