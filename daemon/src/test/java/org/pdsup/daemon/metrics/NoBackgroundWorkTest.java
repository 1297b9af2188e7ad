package org.pdsup.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.stats.ProcessSample;

/**
 * Metrics must not wake an idle daemon: no thread of their own, no timer, and an event loop that sleeps in
 * select() between scrapes.
 */
public class NoBackgroundWorkTest {

    private static Set<Long> liveThreadIds() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getId)
                .collect(Collectors.toSet());
    }

    @Test
    void theRegistryAndItsBindersStartNoThread() throws Exception {
        PdsupMetrics warm = new PdsupMetrics(() -> TestSnapshots.of(), pid -> Optional.empty());
        warm.scrape(null);                                   // class loading, JIT, the JVM's own lazy threads
        warm.close();

        Set<Long> before = liveThreadIds();
        try (PdsupMetrics metrics = new PdsupMetrics(() -> TestSnapshots.of(
                TestSnapshots.running("web", 1, 0, Map.of("exit:1", 1L))),
                pid -> Optional.of(new ProcessSample(1, 1, 1)))) {
            metrics.servicesChanged(Set.of("web"));
            metrics.scrape(null);
            metrics.spawnTook(java.time.Duration.ofMillis(1));
            metrics.controlRequest("status", "ok", java.time.Duration.ofMillis(1));
            Set<Long> after = liveThreadIds();
            after.removeAll(before);
            assertThat(after).as("threads started by the metrics: %s", names(after)).isEmpty();
        }
    }

    private static String names(Set<Long> ids) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> ids.contains(t.getId()))
                .map(Thread::getName).collect(Collectors.joining(", "));
    }

    /**
     * Linux: the event loop's native thread (named pdsup-metrics) makes no context switch while nobody scrapes:
     * it is blocked in epoll_wait without a timeout. A timer of any period below the wait would show up here.
     */
    @Test
    void theEventLoopSleepsBetweenScrapes() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs /proc/self/task (Linux)");
        try (PdsupMetrics metrics = new PdsupMetrics(() -> TestSnapshots.of(), pid -> Optional.empty());
             MetricsServer server = new MetricsServer("127.0.0.1", 0, metrics)) {
            try (RawHttp http = new RawHttp(server.start())) {
                assertThat(http.request("GET", "/metrics").status()).isEqualTo(200);
                Path task = eventLoopTask();
                Thread.sleep(500);                           // let the loop finish the write and go back to select()
                long before = contextSwitches(task);
                Thread.sleep(1_500);                         // longer than Netty's own 1 s wake-up
                long after = contextSwitches(task);
                assertThat(after - before).as("context switches of the idle event loop").isZero();
            }
        }
    }

    static Path eventLoopTask() throws IOException {
        return task("pdsup-metrics");
    }

    /** The /proc/self/task entry of the native thread named {@code name}. */
    public static Path task(String name) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm"), StandardCharsets.US_ASCII).strip().equals(name);
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new AssertionError("no thread named " + name));
        }
    }

    public static long contextSwitches(Path task) throws IOException {
        long n = 0;
        for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                n += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return n;
    }
}
