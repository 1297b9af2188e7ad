package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;

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
    Path install;
    Path home;
    Process daemon;
    int metricsPort;
    int heldPort;

    @BeforeEach
    void install() throws Exception {
        install = Tarball.unpack(tmp.resolve("install")).toRealPath();
        home = tmp.resolve("home");
        Files.createDirectories(home);
        metricsPort = TarballDaemon.freePort("127.0.0.1");
        heldPort = TarballDaemon.freePort("127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            if (!daemon.waitFor(60, TimeUnit.SECONDS)) daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
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

        Run.Result r = pdctl("reexec");
        assertThat(r.exit()).as(r.describe() + log()).isZero();
        assertThat(r.out() + r.err()).contains("re-exec complete");
        long clientsAt = clients.rounds.get();
        long scrapesAt = scraper.rounds.get();
        clients.awaitRounds(clientsAt + 20);
        scraper.awaitRounds(scrapesAt + 5);
        clients.stop();
        scraper.stop();
        assertThat(clients.failures).as("connections to the held socket across the re-exec").isEmpty();
        assertThat(scraper.failures).as("scrapes across the re-exec").isEmpty();
        assertThat(log()).contains("re-exec complete").contains("held: holding web=tcp:127.0.0.1:" + heldPort
                + " (handed over)");

        Map<String, ServiceStatus> after = statusByName();
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

        Run.Result down = pdctl("shutdown");
        assertThat(down.exit()).as(down.describe()).isZero();
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
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
        Files.writeString(home.resolve("pdsupd.conf"), "pdsupd {\n"
                + "  state-dir = \"" + home.resolve("state") + "\"\n"
                + "  log-dir = \"" + home.resolve("log") + "\"\n"
                + "  control { socket = \"" + home.resolve("pdsupd.sock") + "\", admins { users = [\""
                + System.getProperty("user.name") + "\"], groups = [] } }\n"
                + "  metrics { enabled = true, listen = \"127.0.0.1:" + metricsPort + "\" }\n"
                + "}\nservices {\n"
                + "  held { command = [/usr/bin/perl, \"-e\", \"" + perlServer + "\"],\n"
                + "         sockets = [ { listen = \"tcp:127.0.0.1:" + heldPort + "\", name = web } ] }\n"
                + "  sick { command = [/bin/sleep, \"100000\"],\n"
                + "         health { mode = exec, command = [/bin/false], interval = 200ms, failures = 1000 } }\n"
                + "  fataler { command = [/bin/false], backoff { initial = 10ms, max = 10ms },\n"
                + "            start-limit { burst = 1, interval = 60s, cool-down = 6s } }\n"
                + "}\n");
        ProcessBuilder pb = new ProcessBuilder(install.resolve("bin/pdsupd").toString(), "--config",
                home.resolve("pdsupd.conf").toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("pdsupd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().remove("PDSUPD_JAVA_OPTS");
        daemon = pb.start();
    }

    private static boolean running(Map<String, ServiceStatus> all, String name) {
        ServiceStatus s = all.get(name);
        return s != null && s.state().equals("running") && s.pid() > 0;
    }

    private Map<String, ServiceStatus> await(Predicate<Map<String, ServiceStatus>> done, String what)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            assertThat(daemon.isAlive()).as("pdsupd exited: %s", log()).isTrue();
            Run.Result r = pdctlRun("status", "--json");
            if (r.exit() == 0 || r.exit() == 3) {
                Map<String, ServiceStatus> all = parse(r.out());
                if (all.size() == 3 && done.test(all)) return all;
            }
            assertThat(System.nanoTime()).as("not within %s: %s; %s", WAIT, what, log()).isLessThan(deadline);
            Thread.sleep(300); // the product's own status, asked again
        }
    }

    private Map<String, ServiceStatus> statusByName() throws Exception {
        Run.Result r = pdctlRun("status", "--json");
        assertThat(r.exit()).as(r.describe()).isIn(0, 3);
        return parse(r.out());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ServiceStatus> parse(String json) throws Exception {
        Map<String, ServiceStatus> all = new HashMap<>();
        JsonReader reader = new JsonReader(JsonLimits.PROTOCOL);
        for (String line : json.lines().filter(l -> !l.isBlank()).toList()) {
            Map<String, Object> frame = (Map<String, Object>) reader.parse(line.getBytes(StandardCharsets.UTF_8));
            if (frame.get("services") instanceof List<?> l) {
                for (Object s : l) {
                    ServiceStatus st = ServiceStatus.fromJson((Map<String, Object>) s);
                    all.put(st.name(), st);
                }
            }
        }
        return all;
    }

    private String log() throws IOException {
        Path l = home.resolve("pdsupd.log");
        return Files.exists(l) ? Files.readString(l) : "(no output)";
    }

    private long coolDownsOver() {
        return pdctlQuiet("events", "fataler").lines().filter(l -> l.contains("cool-down of 6s over: trying again"))
                .count();
    }

    private String pdctlQuiet(String... args) {
        try {
            return pdctlRun(args).out();
        } catch (Exception e) {
            return "";
        }
    }

    private Run.Result pdctl(String... args) throws Exception {
        return pdctlRun(args);
    }

    private Run.Result pdctlRun(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(install.resolve("bin/pdctl").toString(), "-s",
                home.resolve("pdsupd.sock").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("PDCTL_JAVA_OPTS", null);
        return Run.run(cmd, env, WAIT);
    }
}
