package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.ServiceStatus;

/**
 * Issue 21: {@code pdctl reexec} from one installed tarball to a newly installed one, through the tarball's own
 * bin/pdsupd (libexec/pdsup-jvm) and bin/pdctl. 24 services write numbered lines between short sleeps, 4
 * crash-loop (with {@code -Dpdsup.reexec.full=true}: 200 writers, 20 crash loopers and 800 idle services, the
 * must-show of issue 21, recorded in docs/architecture.md); the installation is switched by a symbolic link, as an
 * upgrade in place would be. After the re-exec the daemon is the same process running the new installation's
 * program, every service kept its PID and restart counter, nothing running was restarted, and every output line
 * is in the log files exactly once. Refusals (a broken configuration, a handover the new program cannot read)
 * leave the old program running, unchanged, and say why. bench/reexec.py times the handover.
 */
class ReexecTest {
    /** {@code -Dpdsup.reexec.full=true}: the must-show's scale; the suite runs the small one. */
    private static final boolean FULL = Boolean.getBoolean("pdsup.reexec.full");
    private static final int WRITERS = FULL ? 200 : 24;
    private static final int CRASHERS = FULL ? 20 : 4;
    private static final int IDLE = FULL ? 800 : 0;
    /** Services besides writers, crash loopers and idle ones: "victim". */
    private static final int SERVICES = WRITERS + CRASHERS + IDLE + 2; // + victim, once
    private static final Duration WAIT = Duration.ofSeconds(FULL ? 900 : 120);

    @TempDir
    Path tmp;
    Path current;
    Path home;
    InstalledDaemon d;
    int metricsPort;

    @BeforeEach
    void install() throws Exception {
        Path a = Tarball.unpack(tmp.resolve("install-a")).toRealPath();
        current = tmp.resolve("current");
        Files.createSymbolicLink(current, a);
        home = tmp.resolve("home");
        d = InstalledDaemon.at(current, home, WAIT);
        metricsPort = TarballDaemon.freePort("127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        if (d != null) d.close();
    }

    @Test
    void reexecToANewInstallationKeepsEveryServiceItsPidItsCountersAndEveryLine() throws Exception {
        start(services(), Map.of());
        Map<String, ServiceStatus> before = awaitWritersRunning();
        // the crash loopers have crashed at least once: their counters are there to be kept
        awaitCrashes();
        before = d.statusByName();
        long crasherExitsBefore = exitsOf("crasher1");
        assertThat(exitsOf("once")).as("once's exit, before the re-exec").isEqualTo(1);
        Path b = Tarball.unpack(tmp.resolve("install-b")).toRealPath();
        switchTo(b);

        // an exit while the handover is under way: SIGKILL to "victim" as soon as the handover begins
        long victimPid = before.get("victim").pid();
        try (java.nio.channels.SocketChannel events = d.followEvents()) {
            Process reexec = d.pdctlProcess("reexec").start();
            d.awaitLine(events, "\"service\":\"@pdsupd\"");
            new ProcessBuilder("kill", "-KILL", Long.toString(victimPid)).start().waitFor();
            assertThat(reexec.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            String said = new String(reexec.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    + new String(reexec.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reexec.exitValue()).as(said).isZero();
            assertThat(said).contains("re-exec complete: took over " + SERVICES + " services");
        }
        assertThat(d.pdctl("version").exit()).isZero(); // waits in the socket's backlog for the new program
        assertThat(d.process().isAlive()).as(d.log()).isTrue();
        assertThat(cmdline(d.process().pid())).as("the daemon runs the new installation's program now")
                .contains(b.toString()).doesNotContain(tmp.resolve("install-a").toString());
        assertThat(d.log()).contains("re-exec complete: took over " + SERVICES + " services");
        // the handover's figures, for docs/architecture.md (the full-scale run)
        d.log().lines().filter(l -> l.contains("re-exec")).forEach(l -> System.out.println("ReexecTest: " + l));
        // the victim's end was reported, by the old program or the new, with its signal and resource usage
        Run.Result ev = d.pdctl("events", "--utc", "victim");
        assertThat(ev.out()).as(ev.describe()).containsPattern("victim: running -> backoff \\(failed: signal KILL.*"
                + "pid " + victimPid + ", signal KILL \\(cpu");

        // the metrics endpoint is served by the new program (its listener handed over)
        var scrape = (java.net.HttpURLConnection) new java.net.URL("http://127.0.0.1:" + metricsPort + "/metrics")
                .openConnection();
        assertThat(scrape.getResponseCode()).isEqualTo(200);
        assertThat(new String(scrape.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("service=\"writer1\"");
        // and the exit counters came across (not only those of exits after the take-over)
        assertThat(exitsOf("crasher1")).as("crasher1's exits in pdsup_service_exits_total")
                .isGreaterThanOrEqualTo(crasherExitsBefore).isPositive();
        assertThat(exitsOf("once")).as("once's exit, in the new program (no exit since)").isEqualTo(1);
        Map<String, ServiceStatus> after = d.statusByName();
        for (int i = 1; i <= WRITERS; i++) {
            String n = "writer" + i;
            assertThat(after.get(n).state()).as(n).isEqualTo("running");
            assertThat(after.get(n).pid()).as(n + " keeps its pid").isEqualTo(before.get(n).pid());
            assertThat(after.get(n).restarts()).as(n + " was not restarted").isZero();
        }
        for (int i = 1; i <= CRASHERS; i++) {
            String n = "crasher" + i;
            assertThat(after.get(n).restarts()).as(n + " keeps its restart counter")
                    .isGreaterThanOrEqualTo(before.get(n).restarts());
        }
        // the new program captures output: every writer's file grows past what it held at the re-exec
        Map<String, Long> atReexec = new HashMap<>();
        for (int i = 1; i <= WRITERS; i++) atReexec.put("writer" + i, lastNumber("writer" + i));
        for (int i = 1; i <= WRITERS; i++) awaitGrowth("writer" + i, atReexec.get("writer" + i) + 20);

        Run.Result down = d.pdctl("shutdown");
        assertThat(down.exit()).as(down.describe()).isZero();
        assertThat(d.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= WRITERS; i++) assertEveryLineOnce("writer" + i);
    }

    @Test
    void aBrokenConfigurationIsRefusedAndTheOldProgramGoesOn() throws Exception {
        start(services(), Map.of());
        Map<String, ServiceStatus> before = awaitWritersRunning();
        String good = Files.readString(home.resolve("pdsupd.conf"));
        Files.writeString(home.resolve("pdsupd.conf"), good + "\nservices { broken { command = } }\n");
        Path b = Tarball.unpack(tmp.resolve("install-b")).toRealPath();
        switchTo(b);

        Run.Result r = d.pdctl("reexec");
        assertThat(r.exit()).as(r.describe()).isEqualTo(78);
        assertThat(r.err()).contains("re-exec refused").contains("pdsupd.conf");
        assertOldProgramGoesOn(before);
    }

    @Test
    void aHandoverTheNewProgramCannotReadIsRefusedAndTheOldProgramGoesOn() throws Exception {
        // the old program writes a format version nobody reads: the new program refuses it before any exec
        start(services(), Map.of("PDSUPD_JAVA_OPTS", "-Dpdsup.handover.write-version=99"));
        Map<String, ServiceStatus> before = awaitWritersRunning();

        Run.Result r = d.pdctl("reexec");
        assertThat(r.exit()).as(r.describe()).isEqualTo(1);
        assertThat(r.err()).contains("re-exec refused").contains("unknown handover format version 99");
        assertOldProgramGoesOn(before);
    }

    private void assertOldProgramGoesOn(Map<String, ServiceStatus> before) throws Exception {
        assertThat(d.process().isAlive()).isTrue();
        assertThat(cmdline(d.process().pid())).contains(tmp.resolve("install-a").toString());
        assertThat(d.log()).contains("re-exec refused; pdsupd goes on unchanged").doesNotContain("re-exec complete");
        Map<String, ServiceStatus> after = d.statusByName();
        for (int i = 1; i <= WRITERS; i++) {
            String n = "writer" + i;
            assertThat(after.get(n).pid()).as(n).isEqualTo(before.get(n).pid());
            assertThat(after.get(n).restarts()).as(n).isZero();
        }
        // and it still serves admin requests
        Run.Result restart = d.pdctl("restart", "writer1");
        assertThat(restart.exit()).as(restart.describe()).isZero();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static String services() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= WRITERS; i++) {
            // numbered lines, flushed one by one, a few hundred a second (no fork per line)
            sb.append("  writer").append(i).append(" { command = [/usr/bin/perl, \"-e\", "
                    + "\"$|=1; for ($i = 1; ; $i++) { print \\\"$i\\\\n\\\"; select(undef, undef, undef, "
                    + (FULL ? "0.01" : "0.005") + ") }\"] }\n");
        }
        for (int i = 1; i <= IDLE; i++) sb.append("  idle").append(i).append(" { command = [/bin/sleep, \"100000\"] }\n");
        sb.append("  victim { command = [/bin/sleep, \"100000\"] }\n");
        // ends once before the re-exec and never again: its exit counter can only come across in the handover
        sb.append("  once { command = [/bin/sh, \"-c\", \"exit 4\"], restart = never }\n");
        for (int i = 1; i <= CRASHERS; i++) {
            sb.append("  crasher").append(i).append(" { command = [/bin/sh, \"-c\", \"echo crash; exit 3\"], "
                    + "backoff { initial = 100ms, max = 300ms }, start-limit { burst = 100000, interval = 1s } }\n");
        }
        return sb.toString();
    }

    private void start(String services, Map<String, String> env) throws Exception {
        d.writeConfig("  metrics { enabled = true, listen = \"127.0.0.1:" + metricsPort + "\" }\n"
                // at full scale the crash loopers' events would push the victim's out of the default 1,000
                + "  event-ring = 1000000\n", services);
        d.start(env);
    }

    /** Points the installation's link at {@code target} (a new link renamed over the old one). */
    private void switchTo(Path target) throws Exception {
        Path next = tmp.resolve("current.next");
        Files.createSymbolicLink(next, target);
        Files.move(next, current, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private Map<String, ServiceStatus> awaitWritersRunning() throws Exception {
        return d.awaitStatus(all -> {
            boolean up = all.size() == SERVICES && all.get("victim").pid() > 0;
            for (int i = 1; up && i <= WRITERS; i++) {
                ServiceStatus s = all.get("writer" + i);
                up = s != null && s.state().equals("running") && s.pid() > 0;
            }
            return up;
        }, "writers running");
    }

    /** The sum of {@code service}'s pdsup_service_exits_total samples, as the metrics endpoint serves them now. */
    private long exitsOf(String service) throws Exception {
        var c = (java.net.HttpURLConnection) new java.net.URL("http://127.0.0.1:" + metricsPort + "/metrics")
                .openConnection();
        String text = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return text.lines()
                .filter(l -> l.startsWith("pdsup_service_exits_total{") && l.contains("service=\"" + service + "\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private void awaitCrashes() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Map<String, ServiceStatus> all = d.statusByName();
            boolean crashed = true;
            for (int i = 1; crashed && i <= CRASHERS; i++) crashed = all.get("crasher" + i).restarts() >= 1;
            if (crashed) return;
            assertThat(System.nanoTime()).as("crashers never restarted: %s", d.log()).isLessThan(deadline);
            Thread.sleep(300);
        }
    }

    private Path logOf(String service) {
        return home.resolve("log").resolve(service).resolve("output.log");
    }

    private long lastNumber(String service) throws Exception {
        List<String> lines = Files.exists(logOf(service)) ? Files.readAllLines(logOf(service)) : List.of();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).matches("\\d+")) return Long.parseLong(lines.get(i));
        }
        return 0;
    }

    private void awaitGrowth(String service, long atLeast) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (lastNumber(service) < atLeast) {
            assertThat(System.nanoTime()).as("%s's output stopped after the re-exec: %s", service, d.log())
                    .isLessThan(deadline);
            Thread.sleep(200); // the writer thread writes in batches
        }
    }

    /** 1, 2, 3, ... with no gap and no repetition (the last line may be cut by the shutdown's SIGTERM). */
    private void assertEveryLineOnce(String service) throws Exception {
        List<String> lines = Files.readAllLines(logOf(service));
        List<String> problems = new ArrayList<>();
        long expected = 1;
        for (String l : lines) {
            if (!l.matches("\\d+")) {
                problems.add("not a number: '" + l + "'");
                continue;
            }
            long n = Long.parseLong(l);
            if (n != expected) problems.add("line " + expected + " expected, " + n + " found");
            expected = n + 1;
        }
        assertThat(problems).as("%s's %d lines", service, lines.size()).isEmpty();
        assertThat(expected).as(service + " wrote").isGreaterThan(20);
    }

    private static String cmdline(long pid) throws Exception {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                .replace('\0', ' ');
    }
}
