package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;

/**
 * Issue 21, the client: {@code pdctl events -f} and {@code pdctl logs -f} follow the installed pdsupd through
 * {@code pdctl reexec}: they reconnect by themselves, say so with --json, and go on where they were. A writer
 * prints numbered lines without pause and a crash-looper makes events all the time, so the re-exec happens
 * while both streams are busy; a service killed while the handover is under way exits in the gap. Afterwards
 * the unfiltered events follower has every sequence number once, the logs follower every line number once, and
 * the follower of the killed service (no history, so it had seen nothing before the re-exec) its exit once.
 */
class PdctlFollowsReexecTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    void followersReconnectAfterAReexecAndNeitherLoseNorRepeatAnything() throws Exception {
        try (LiveDaemon d = LiveDaemon.start(tmp, services())) {
            Follower events = Follower.start(d, tmp.resolve("events.out"), "--json", "events", "-f");
            Follower logs = Follower.start(d, tmp.resolve("logs.out"), "--json", "logs", "-f", "writer");
            Follower victimEvents = Follower.start(d, tmp.resolve("victim.out"), "events", "-f", "--no-history",
                    "victim");
            long victimPid = Long.parseLong(d.pdctl("pid", "victim").out().trim());
            events.await("\"crasher\"");
            logs.awaitCount("\"line\"", 20);

            try (SocketChannel raw = rawEvents(d.socket)) {
                Run.Result[] reexec = new Run.Result[1];
                Thread t = new Thread(() -> {
                    try {
                        reexec[0] = d.pdctl("reexec");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                InstalledDaemon.awaitText(raw, "re-exec: handing over");
                // an exit in the gap: while no program reads the streams' subscribers
                new ProcessBuilder("kill", "-KILL", Long.toString(victimPid)).start().waitFor();
                t.join(WAIT.toMillis());
                assertThat(reexec[0]).isNotNull();
                assertThat(reexec[0].exit()).as(reexec[0].describe() + d.log()).isZero();
            }
            events.await("\"reconnected\":true");
            logs.await("\"reconnected\":true");
            events.await("re-exec complete");
            victimEvents.await("victim: running -> backoff");
            // the streams go on after the reconnect: more lines and more of the crash-looper's events
            int linesAtReexec = lastLine(logs.text());
            logs.await("\"line\":\"" + (linesAtReexec + 100) + "\"");
            int seen = events.text().split("\"crasher\"", -1).length;
            events.awaitCount("\"crasher\"", seen + 5);

            Run.Result down = d.pdctl("shutdown");
            assertThat(down.exit()).as(down.describe()).isZero();
            for (Follower f : List.of(events, logs, victimEvents)) {
                assertThat(f.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                assertThat(f.process.exitValue()).as(f.describe()).isZero(); // ended by the shutdown, in order
            }

            assertEverySeqOnce(events);
            assertEveryLineOnce(logs);
            List<String> exits = victimEvents.text().lines().filter(l -> l.contains("victim: running -> backoff"))
                    .toList();
            assertThat(exits).as(victimEvents.describe()).hasSize(1);
            assertThat(exits.get(0)).contains("pid " + victimPid).contains("signal KILL");
        }
    }

    private static String services() {
        return "  writer { command = [/usr/bin/perl, \"-e\", "
                + "\"$|=1; for ($i = 1; ; $i++) { print \\\"$i\\\\n\\\"; select(undef, undef, undef, 0.005) }\"] }\n"
                + "  victim { command = [/bin/sleep, \"100000\"] }\n"
                + "  crasher { command = [/bin/sh, \"-c\", \"exit 3\"], backoff { initial = 100ms, max = 100ms }, "
                + "start-limit { burst = 100000, interval = 1s } }\n";
    }

    /** The --json events follower's sequence numbers: consecutive (one per event in the daemon), none twice. */
    private static void assertEverySeqOnce(Follower f) throws Exception {
        List<Long> seqs = new ArrayList<>();
        for (Map<String, Object> frame : f.frames()) {
            assertThat(frame).as(f.describe()).doesNotContainKey("dropped");
            if (frame.get("event") instanceof Map<?, ?> e) seqs.add((Long) e.get("seq"));
        }
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < seqs.size(); i++) {
            if (seqs.get(i) != seqs.get(i - 1) + 1) problems.add(seqs.get(i - 1) + " then " + seqs.get(i));
        }
        assertThat(problems).as("%d events", seqs.size()).isEmpty();
        assertThat(f.text()).contains("re-exec: handing over").contains("re-exec complete");
    }

    /** The --json logs follower's lines: 1 more each time, from the first shown to the last, none twice. */
    private static void assertEveryLineOnce(Follower f) throws Exception {
        List<String> problems = new ArrayList<>();
        long expected = -1;
        int count = 0;
        for (Map<String, Object> frame : f.frames()) {
            assertThat(frame).as(f.describe()).doesNotContainKey("dropped");
            if (!(frame.get("line") instanceof String line)) continue;
            long n = Long.parseLong(line);
            if (expected >= 0 && n != expected) problems.add(expected + " expected, " + n + " found");
            expected = n + 1;
            count++;
        }
        assertThat(problems).as("%d lines", count).isEmpty();
    }

    private static int lastLine(String jsonLines) {
        int last = 0;
        for (String l : jsonLines.lines().toList()) {
            int i = l.indexOf("\"line\":\"");
            if (i >= 0) last = Integer.parseInt(l.substring(i + 8, l.indexOf('"', i + 8)));
        }
        return last;
    }

    /** An events follower on a raw connection of its own, its subscription in place. */
    private static SocketChannel rawEvents(Path socket) throws Exception {
        SocketChannel ch = SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket));
        ch.write(ByteBuffer.wrap(("{\"op\":\"events\",\"id\":2,\"history\":false,\"follow\":true}\n")
                .getBytes(StandardCharsets.UTF_8)));
        InstalledDaemon.awaitText(ch, "\"streaming\":true");
        return ch;
    }

    /** bin/pdctl running in the background, its standard output in a file. */
    private record Follower(Process process, Path out, Path err) {
        static Follower start(LiveDaemon d, Path out, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(d.pdctlPath().toString(), "-s", d.socket.toString()));
            cmd.addAll(List.of(args));
            Path err = Path.of(out + ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().remove("PDCTL_JAVA_OPTS");
            return new Follower(pb.start(), out, err);
        }

        String text() throws Exception {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        void await(String text) throws Exception {
            awaitCount(text, 1);
        }

        /** Until the output holds {@code text} {@code n} times (pdctl flushes each frame as it comes). */
        void awaitCount(String text, int n) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (text().split(java.util.regex.Pattern.quote(text), -1).length - 1 < n) {
                assertThat(process.isAlive()).as("pdctl ended early: %s", describe()).isTrue();
                assertThat(System.nanoTime()).as("no %s within %s: %s", text, WAIT, describe()).isLessThan(deadline);
                Thread.sleep(100); // the output file is all there is to watch
            }
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> frames() throws Exception {
            JsonReader reader = new JsonReader(JsonLimits.PROTOCOL);
            List<Map<String, Object>> all = new ArrayList<>();
            for (String line : text().lines().filter(l -> !l.isBlank()).toList()) {
                all.add((Map<String, Object>) reader.parse(line.getBytes(StandardCharsets.UTF_8)));
            }
            return all;
        }

        String describe() throws Exception {
            String o = text();
            return "stdout (" + o.length() + " chars, last part): " + o.substring(Math.max(0, o.length() - 3000))
                    + "\nstderr: " + Files.readString(err, StandardCharsets.UTF_8);
        }
    }
}
