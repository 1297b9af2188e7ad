package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.ServiceStatus;

/**
 * Issue 21, what a re-exec hands over besides processes and pipes: a service's held listening socket stays bound
 * (a client connecting in a loop throughout is never refused, and the service keeps its pid), the metrics
 * listener is handed over, not bound again (a scraper in a loop is never refused), liveness-check counters go
 * on, and a start-limit cool-down in progress still ends in a new try.
 */
class ReexecListenersTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;
    InstalledDaemon d;
    int metricsPort;
    int heldPort;

    @BeforeEach
    void install() throws Exception {
        Path install = Tarball.unpack(tmp.resolve("install")).toRealPath();
        d = InstalledDaemon.at(install, tmp.resolve("home"), WAIT);
        metricsPort = TarballDaemon.freePort("127.0.0.1");
        heldPort = TarballDaemon.freePort("127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        if (d != null) d.close();
    }

    @Test
    void heldSocketsMetricsHealthAndCoolDownCarryOverARexec() throws Exception {
        start();
        Map<String, ServiceStatus> before = await(all -> running(all, "held") && running(all, "sick")
                && all.get("sick").health() != null && all.get("sick").health().consecutiveFailures() >= 3
                && "fatal".equals(all.get("fataler").state()), "held and sick running, fataler fatal");
        long heldPid = before.get("held").pid();
        long sickPid = before.get("sick").pid();

        Hammer clients = new Hammer("held socket", () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", heldPort), 10_000);
                s.setSoTimeout(60_000);
                String pid = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (!pid.equals(Long.toString(heldPid))) throw new IOException("answered by pid '" + pid + "'");
            }
        });
        Hammer scraper = new Hammer("metrics", () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", metricsPort), 10_000);
                s.setSoTimeout(60_000);
                s.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
                if (!answer.startsWith("HTTP/1.1 200")) throw new IOException("answered " + answer.lines().findFirst());
            }
        });
        clients.start();
        scraper.start();
        clients.awaitRounds(20);
        scraper.awaitRounds(5);

        Run.Result r = d.pdctl("reexec");
        assertThat(r.exit()).as(r.describe() + d.log()).isZero();
        assertThat(r.out() + r.err()).contains("re-exec complete");
        long clientsAt = clients.rounds.get();
        long scrapesAt = scraper.rounds.get();
        clients.awaitRounds(clientsAt + 20);
        scraper.awaitRounds(scrapesAt + 5);
        clients.stop();
        scraper.stop();
        assertThat(clients.failures).as("connections to the held socket across the re-exec").isEmpty();
        assertThat(scraper.failures).as("scrapes across the re-exec").isEmpty();
        assertThat(d.log()).contains("re-exec complete").contains("held: holding web=tcp:127.0.0.1:" + heldPort
                + " (handed over)");

        Map<String, ServiceStatus> after = d.statusByName();
        assertThat(after.get("held").pid()).as("held keeps its pid").isEqualTo(heldPid);
        assertThat(after.get("held").restarts()).isZero();
        // the liveness checks go on from where they were: counters are not reset, and checks still run
        assertThat(after.get("sick").pid()).isEqualTo(sickPid);
        long checksAt = after.get("sick").health().checks();
        assertThat(checksAt).isGreaterThanOrEqualTo(before.get("sick").health().checks());
        assertThat(after.get("sick").health().consecutiveFailures())
                .isGreaterThanOrEqualTo(before.get("sick").health().consecutiveFailures());
        await(all -> all.get("sick").health().checks() > checksAt, "sick's checks go on after the re-exec");

        // the cool-down in progress at the re-exec ends in a new try: the new program armed its timer (the ring
        // carries the old program's events over, so only one more than there are now counts)
        long coolDowns = coolDownsOver();
        await(all -> coolDownsOver() > coolDowns, "fataler's cool-down over after the re-exec");

        Run.Result down = d.pdctl("shutdown");
        assertThat(down.exit()).as(down.describe()).isZero();
        assertThat(d.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** A client repeating one exchange until stopped; every failure is kept with its round. */
    private static final class Hammer {
        interface Exchange {
            void run() throws IOException;
        }

        final AtomicLong rounds = new AtomicLong();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        Hammer(String what, Exchange exchange) {
            thread = new Thread(() -> {
                // bounded: at most 100,000 rounds or until stopped
                for (int i = 0; i < 100_000 && !stop.get(); i++) {
                    try {
                        exchange.run();
                    } catch (ConnectException e) {
                        failures.add(what + " round " + i + ": refused: " + e.getMessage());
                    } catch (IOException e) {
                        failures.add(what + " round " + i + ": " + e);
                    }
                    rounds.incrementAndGet();
                }
            }, "hammer " + what);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void awaitRounds(long n) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (rounds.get() < n) {
                assertThat(thread.isAlive()).as("the client ended early: %s", failures).isTrue();
                assertThat(System.nanoTime()).as("%d rounds not reached: %s", n, failures).isLessThan(deadline);
                Thread.sleep(50); // the client's own progress
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join(WAIT.toMillis());
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private void start() throws Exception {
        String perlServer = "open(my $l, '+<&=', 3) or die; while (accept(my $c, $l)) { print $c $$, qq(\\\\n); "
                + "close $c }";
        d.writeConfig("  metrics { enabled = true, listen = \"127.0.0.1:" + metricsPort + "\" }\n",
                "  held { command = [/usr/bin/perl, \"-e\", \"" + perlServer + "\"],\n"
                + "         sockets = [ { listen = \"tcp:127.0.0.1:" + heldPort + "\", name = web } ] }\n"
                + "  sick { command = [/bin/sleep, \"100000\"],\n"
                + "         health { mode = exec, command = [/bin/false], interval = 200ms, failures = 1000 } }\n"
                + "  fataler { command = [/bin/false], backoff { initial = 10ms, max = 10ms },\n"
                + "            start-limit { burst = 1, interval = 60s, cool-down = 6s } }\n");
        d.start(Map.of());
    }

    private static boolean running(Map<String, ServiceStatus> all, String name) {
        ServiceStatus s = all.get(name);
        return s != null && s.state().equals("running") && s.pid() > 0;
    }

    private Map<String, ServiceStatus> await(Predicate<Map<String, ServiceStatus>> done, String what)
            throws Exception {
        return d.awaitStatus(all -> all.size() == 3 && done.test(all), what);
    }

    private long coolDownsOver() {
        return pdctlQuiet("events", "fataler").lines().filter(l -> l.contains("cool-down of 6s over: trying again"))
                .count();
    }

    private String pdctlQuiet(String... args) {
        try {
            return d.pdctl(args).out();
        } catch (Exception e) {
            return "";
        }
    }
}
