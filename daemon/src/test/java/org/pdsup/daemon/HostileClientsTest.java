package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pdsup.daemon.control.TestUser;

/**
 * Issue 15, "Must show": one real pdsupd (-Xmx256m and the other JVM options of the packaged launcher) attacked through its control socket by a
 * reader ({@code pdsuptest-reader}) and by a user with no role ({@code pdsuptest-norole}), real users running
 * {@link AttackClient} through setpriv. During each attack an admin (root, this JVM) asks {@code status} on a
 * fresh connection; the median of {@value #SAMPLES} round trips (connect, request, answer, measured at the
 * socket) must stay under {@value #ADMIN_MEDIAN_LIMIT_MS} ms, or {@value #BASELINE_FACTOR} times the median
 * measured before the attacks if a loaded machine makes that larger. That is the bound; an idle 2-core
 * box answers in about a millisecond. After the
 * memory attacks pdsupd's live heap (a full GC by jcmd GC.class_histogram) must stay under
 * {@value #HEAP_LIMIT_MIB} MiB: the control server holds at most {@code control.total-buffer} (32 MiB) for
 * all clients, and an idle pdsupd lives in about 10 MiB; on the old code the first attack ended in
 * OutOfMemoryError.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileClientsTest {
    static final int SAMPLES = 7;
    static final long ADMIN_MEDIAN_LIMIT_MS = 100;
    /** For the log backlog flood only, see there. */
    static final long BACKLOG_FLOOD_MEDIAN_LIMIT_MS = 300;
    static final long HEAP_LIMIT_MIB = 96;
    /**
     * A loaded machine stretches every round trip, attacked or not: the bound is the larger of the and
     * this many times the median measured before any attack (idle: about 1 ms, so the bound rules).
     */
    static final long BASELINE_FACTOR = 30;
    static long baselineMedianMicros;
    private static final int BIG_LINES = 2000;

    static Path dir;
    static Path socket;
    static DaemonProcess daemon;
    static Path daemonLog;
    static TestUser readerUser;
    static TestUser noRoleUser;
    static Attacker reader;
    static Attacker noRole;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestUser.possible() && Files.isExecutable(Path.of("/usr/bin/perl")),
                "needs root, setpriv, useradd and perl");
        readerUser = TestUser.ensure("pdsuptest-reader");
        noRoleUser = TestUser.ensure("pdsuptest-norole");
        dir = Files.createTempDirectory("pdsup-hostile");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        socket = dir.resolve("pdsupd.sock");
        String line = "$l = 'x' x 16383;";
        Files.writeString(dir.resolve("pdsupd.conf"), "pdsupd {\n"
                + "  state-dir = \"" + dir.resolve("state") + "\"\n"
                + "  log-dir = \"" + dir.resolve("log") + "\"\n"
                + "  metrics.enabled = false\n"
                + "  control {\n"
                + "    socket = \"" + socket + "\"\n"
                + "    mode = \"0666\"\n"
                + "    admins { users = [root], groups = [] }\n"
                + "    readers { users = [" + readerUser.name + "], groups = [] }\n"
                + "    frame-timeout = 2s\n"
                + "  }\n"
                + "}\n"
                + "services {\n"
                // 2,000 lines of 16 KiB: 32 MiB of backlog for logs
                + "  big { type = oneshot, restart = never, output.max-size = 64MiB\n"
                + "        command = [/usr/bin/perl, -e, \"" + line + " print \\\"$l\\\\n\\\" for 1.." + BIG_LINES + "\"] }\n"
                // 16 KiB lines, 16 every 50 ms, once the flag file exists: live lines for logs -f
                + "  chatty { command = [/usr/bin/perl, -e, \"sleep 0.1 until -e '" + dir.resolve("go-chatty") + "';"
                + " " + line + " $| = 1; while (1) { print \\\"$l\\\\n\\\" for 1..16; select(undef, undef, undef, 0.05) }\"] }\n"
                // a crash loop once the flag file exists: events for events -f, state lines for the log
                + "  flappy { command = [/bin/sh, -c, \"while [ ! -e " + dir.resolve("go-flappy") + " ]; do sleep 0.1; done;"
                + " exit 1\"]\n"
                + "           backoff { initial = 10ms, max = 10ms, multiplier = 1.0, jitter = 0 }\n"
                + "           start-limit { burst = 1000000, interval = 60s } }\n"
                + "}\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dpdsup.exec.helper=" + System.getProperty("pdsup.exec.helper"),
                // the packaged launcher's JVM options (packaging/src/bin/pdsup-launcher)
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xms16m", "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError",
                "org.pdsup.daemon.Main", "-c", dir.resolve("pdsupd.conf").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        daemon = DaemonProcess.start(pb);
        daemonLog = pb.redirectOutput().file().toPath();
        daemon.awaitLine("control: listening on", 0, Duration.ofSeconds(60));
        String waited = admin("{\"id\":1,\"op\":\"wait\",\"service\":\"big\",\"state\":[\"exited\",\"stopped\",\"fatal\"],"
                + "\"timeout_ms\":60000}");
        assertThat(waited).contains("\"ok\":true");
        // a baseline, which also warms up the status path
        baselineMedianMicros = adminMedianMicros("no attack (baseline)");
        Path classes = copyAttackClient();
        reader = new Attacker(readerUser, classes, socket);
        noRole = new Attacker(noRoleUser, classes, socket);
    }

    @AfterAll
    static void stop() throws Exception {
        if (reader != null) reader.close();
        if (noRole != null) noRole.close();
        if (daemon != null) daemon.close();
        if (readerUser != null) readerUser.close();
        if (noRoleUser != null) noRoleUser.close();
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void logsBacklogFloodFromAReaderThatNeverReads() throws Exception {
        String logs = "{\"id\":7,\"op\":\"logs\",\"service\":\"big\",\"lines\":10000}";
        String fourLogs = String.join("\t", logs, logs, logs, logs);
        // 16 streams of a 32 MiB backlog: the old relay queued it all, 512 MiB against a 256 MiB heap
        assertThat(reader.command("flood 4 " + fourLogs)).startsWith("ok sent 16");
        // here the output writer reads up to 16 backlogs of 32 MiB from disk on the same two cores: the control
        // thread stays idle, but on a loaded CI box (load 18 on 2 cores measured 60..140 ms medians) the admin
        // waits for CPU; the bound is widened for this one attack, and only here
        assertAdminAnswersQuickly("logs backlog flood", BACKLOG_FLOOD_MEDIAN_LIMIT_MS);
        assertHeapBounded("logs backlog flood");
        assertThat(noRole.command("flood 4 " + fourLogs)).startsWith("ok");
        assertAdminAnswersQuickly("logs flood by a user with no role");
        release(reader, noRole);
    }

    @Test
    @Order(2)
    void logsFollowAndEventsFollowFloodFromAReaderThatNeverReads() throws Exception {
        String follow = "{\"id\":8,\"op\":\"logs\",\"service\":\"chatty\",\"lines\":10000,\"follow\":true}";
        String events = "{\"id\":9,\"op\":\"events\",\"follow\":true}";
        assertThat(reader.command("flood 8 " + String.join("\t", follow, follow, follow, follow, events, events, events,
                events))).startsWith("ok sent 64");
        Files.writeString(dir.resolve("go-chatty"), "");
        Files.writeString(dir.resolve("go-flappy"), "");
        long lineFrom = daemon.lineCount();
        long restartsBefore = restartsOf("flappy");
        // the storm is on: flappy has gone through 200 transitions (the product's own events say so)
        awaitEvents("flappy", 200);
        assertAdminAnswersQuickly("logs -f and events -f flood");
        assertHeapBounded("logs -f and events -f flood");
        Files.delete(dir.resolve("go-flappy"));
        Files.delete(dir.resolve("go-chatty"));
        long restarts = restartsOf("flappy") - restartsBefore;
        List<String> flappyLines = daemon.lines.subList((int) lineFrom, daemon.lineCount()).stream()
                .filter(l -> l.contains("flappy")).toList();
        System.out.println("HostileClientsTest: flappy restarted " + restarts + " times; " + flappyLines.size()
                + " log lines about it");
        // defect 11: a crash-loop storm: the first lines of each kind (10 per minute), not a line per transition
        assertThat(restarts).isGreaterThanOrEqualTo(50);
        assertThat(flappyLines.size()).isLessThanOrEqualTo(50).isLessThan((int) restarts);
        release(reader);
    }

    @Test
    @Order(3)
    void pathologicalGlobsAndNames() throws Exception {
        String star = "{\"id\":2,\"op\":\"status\",\"services\":[\"" + "*".repeat(255) + "x\"]}";
        String starA = "{\"id\":2,\"op\":\"status\",\"services\":[\"" + "*a".repeat(127) + "x\"]}";
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 32; i++) many.add("\"" + "*".repeat(250) + "?\"");
        String manyGlobs = "{\"id\":2,\"op\":\"status\",\"services\":[" + String.join(",", many) + "]}";
        String longGlob = "{\"id\":2,\"op\":\"status\",\"services\":[\"" + "*".repeat(1000) + "x\"]}";
        String oddName = "{\"id\":2,\"op\":\"status\",\"services\":[\"../../etc/passwd\\u0000\\n\\u202e\"]}";
        assertThat(reader.command("pipeline 500 " + star)).isEqualTo("ok {no_such_service=500}");
        assertAdminAnswersQuickly("globs");
        assertThat(reader.command("pipeline 500 " + starA)).isEqualTo("ok {no_such_service=500}");
        assertThat(reader.command("pipeline 200 " + manyGlobs)).isEqualTo("ok {ok=200}");
        assertThat(reader.command("pipeline 200 " + longGlob)).isEqualTo("ok {bad_request=200}");
        assertThat(reader.command("pipeline 200 " + oddName)).isEqualTo("ok {no_such_service=200}");
        assertThat(noRole.command("pipeline 10 " + star)).isEqualTo("ok {closed=1, forbidden=1}");
        assertAdminAnswersQuickly("names");
    }

    @Test
    @Order(4)
    void slotExhaustionLeavesRoomForAdmins() throws Exception {
        String readerSlots = reader.command("slots 300");
        assertThat(readerSlots).startsWith("ok admitted 32 refused {too_many_connections=268}");
        assertThat(noRole.command("slots 300")).isEqualTo("ok admitted 0 refused {forbidden=300}");
        assertAdminAnswersQuickly("slot exhaustion");
        release(reader, noRole);
    }

    /** Defect 5: bytes do not reset the deadline; half-open connections do not hold slots either. */
    @Test
    @Order(5)
    void slowAndHalfOpenConnections() throws Exception {
        assertThat(reader.command("trickle 32")).isEqualTo("ok");
        assertAdminAnswersQuickly("trickling connections");
        // frame-timeout is 2 s here; the trickle never ends on its own
        assertThat(reader.command("await-closed")).matches("ok closed after \\d+ ms \\{timeout=32\\}");
        assertThat(reader.command("half-open 32 {\"op\"")).isEqualTo("ok");
        assertThat(reader.command("half-open 32 {\"id\":3,\"op\":\"logs\",\"service\":\"big\",\"lines\":10000}\\n"))
                .isEqualTo("ok");
        assertAdminAnswersQuickly("half-open connections");
        release(reader);
        assertThat(slotsOnceReleasedAreCounted(32)).startsWith("ok admitted 32");
        release(reader);
    }

    /** {@code slots n} once all released connections are counted off (closes reach 3 loops); at most 30 s. */
    private static String slotsOnceReleasedAreCounted(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String answer = reader.command("slots " + n);
            if (answer.startsWith("ok admitted " + n + " ") || System.nanoTime() > deadline) return answer;
            release(reader);
            Thread.sleep(50);
        }
    }

    @Test
    @Order(6)
    void oversizedAndMalformedFrames() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] huge = new byte[1 << 20];
        java.util.Arrays.fill(huge, (byte) 'a');
        assertThat(reader.command("raw " + hex.formatHex(huge))).isEqualTo("ok {frame_too_large=1}");
        String malformed = "not json\n{\"op\":\n[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]\n"
                + "{\"op\":\"status\",\"id\":99999999999999999999999999999999999}\n{\"op\":\"nope\",\"id\":1}\n";
        byte[] bad = (malformed).getBytes(StandardCharsets.UTF_8);
        byte[] withInvalidUtf8 = java.util.Arrays.copyOf(bad, bad.length + 4);
        withInvalidUtf8[bad.length] = (byte) 0xff;
        withInvalidUtf8[bad.length + 1] = (byte) 0xfe;
        withInvalidUtf8[bad.length + 2] = '"';
        withInvalidUtf8[bad.length + 3] = '\n';
        String answer = reader.command("raw " + hex.formatHex(withInvalidUtf8));
        assertThat(answer).startsWith("ok {").doesNotContain("ok=").doesNotContain("internal");
        assertAdminAnswersQuickly("malformed frames");
    }

    /** Defect 11: a real pdsupd refusing 10,000 requests grows its log by a bounded amount. */
    @Test
    @Order(7)
    void tenThousandRefusedRequestsAddLittleToTheLog() throws Exception {
        int before = daemon.lineCount();
        long bytesBefore = Files.size(daemonLog);
        assertThat(reader.command("pipeline 10000 {\"id\":4,\"op\":\"stop\",\"services\":[\"big\"]}"))
                .isEqualTo("ok {forbidden=10000}");
        assertThat(noRole.command("slots 200")).isEqualTo("ok admitted 0 refused {forbidden=200}");
        assertAdminAnswersQuickly("refused requests");
        // the admin's answers came after every refusal was logged (one control thread, in order)
        long grown = Files.size(daemonLog) - bytesBefore;
        System.out.println("HostileClientsTest: 10,200 refusals added " + (daemon.lineCount() - before) + " lines, "
                + grown + " bytes to the log");
        // old code: one ~100-byte line per refusal, about 1 MB; now the first 10 of each kind
        assertThat(grown).isLessThan(16 * 1024);
    }

    /**
     * Closes the attackers' connections; then one admin round trip, which pdsupd's single control thread
     * answers only after it has seen those connections close (their end-of-file came first).
     */
    private static void release(Attacker... attackers) throws IOException {
        for (Attacker a : attackers) assertThat(a.command("release")).isEqualTo("ok");
        assertThat(admin("{\"id\":1,\"op\":\"version\"}")).contains("\"ok\":true");
    }

    // ---- measuring --------------------------------------------------------------------------------------

    private static void assertAdminAnswersQuickly(String attack) throws IOException {
        assertAdminAnswersQuickly(attack, ADMIN_MEDIAN_LIMIT_MS);
    }

    private static void assertAdminAnswersQuickly(String attack, long limitMs) throws IOException {
        long median = adminMedianMicros(attack);
        long limitMicros = Math.max(limitMs * 1000, BASELINE_FACTOR * baselineMedianMicros);
        assertThat(median).as("median admin status round trip during %s, us (baseline %d us)", attack,
                baselineMedianMicros).isLessThan(limitMicros);
    }

    private static long adminMedianMicros(String attack) throws IOException {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            long t0 = System.nanoTime();
            String answer = admin("{\"id\":1,\"op\":\"status\"}");
            micros.add((System.nanoTime() - t0) / 1000);
            assertThat(answer).as(attack).contains("\"ok\":true").contains("\"name\":\"big\"");
        }
        List<Long> inOrder = new ArrayList<>(micros);
        Collections.sort(micros);
        long median = micros.get(SAMPLES / 2);
        System.out.println("HostileClientsTest: admin status during " + attack + ": median " + median + " us, all "
                + inOrder);
        return median;
    }

    /** One request on a fresh connection as root; the answer line. */
    static String admin(String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) return out.toString(StandardCharsets.UTF_8);
                for (int i = 0; i < n; i++) {
                    byte b = buf.get(i);
                    if (b == '\n') return out.toString(StandardCharsets.UTF_8);
                    out.write(b);
                }
            }
        }
    }

    /** Follows {@code service}'s events as an admin until {@code n} have come. */
    private static void awaitEvents(String service, int n) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(("{\"id\":1,\"op\":\"events\",\"services\":[\"" + service
                    + "\"],\"history\":false,\"follow\":true}\n").getBytes(StandardCharsets.UTF_8)));
            BufferedReader r = new BufferedReader(new InputStreamReader(java.nio.channels.Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            int seen = 0;
            String line;
            while (seen < n && (line = r.readLine()) != null) {
                if (line.contains("\"event\":")) seen++;
            }
            assertThat(seen).isEqualTo(n);
        }
    }

    private static long restartsOf(String service) throws IOException {
        Matcher m = Pattern.compile("\"restarts\":(\\d+)").matcher(
                admin("{\"id\":1,\"op\":\"status\",\"services\":[\"" + service + "\"]}"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Live heap after a full GC (GC.class_histogram collects first), in bytes. */
    private static void assertHeapBounded(String attack) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(daemon.process.pid()), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Matcher m = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(out);
        assertThat(m.find()).as("jcmd output: %s", out).isTrue();
        long bytes = Long.parseLong(m.group(1));
        System.out.println("HostileClientsTest: pdsupd live heap during " + attack + ": " + (bytes >> 20) + " MiB");
        assertThat(bytes).as("pdsupd's live heap during %s", attack).isLessThan(HEAP_LIMIT_MIB << 20);
    }

    private static Path copyAttackClient() throws Exception {
        Path from = Path.of(AttackClient.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("org/pdsup/daemon");
        Path to = dir.resolve("attack/org/pdsup/daemon");
        Files.createDirectories(to);
        try (Stream<Path> list = Files.list(from)) {
            for (Path p : list.filter(p -> p.getFileName().toString().startsWith("AttackClient")).toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        try (Stream<Path> walk = Files.walk(dir.resolve("attack"))) {
            for (Path p : walk.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
        return dir.resolve("attack");
    }
}
