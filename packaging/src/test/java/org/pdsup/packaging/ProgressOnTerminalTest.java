package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * pdctl on a terminal (a pty from script(1)) shows what a long operation does while it does it: each line must
 * arrive while pdctl still runs. "slow" cannot finish stopping until the test creates a release file, so
 * "still running" is a fact, not a race; "stubborn" ignores SIGTERM and is killed after its 1 s stop timeout.
 * Off a terminal and with --json nothing extra is printed; --no-block returns while the stop goes on; a wait
 * that times out says why.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS) // a pdctl that prints nothing until the end would hang in await()
class ProgressOnTerminalTest {
    /** Only a guard against a hang: every wait below ends on the product's own output. */
    private static final long GUARD_SECONDS = 120;

    @TempDir
    static Path dir;
    static LiveDaemon daemon;
    static Path release;

    @BeforeAll
    static void start() throws Exception {
        release = dir.resolve("release");
        daemon = LiveDaemon.start(dir, """
                slow {
                  command = [/bin/sh, -c, "trap 'while [ ! -e %s ]; do sleep 0.05; done; exit 0' TERM; while :; do sleep 0.1; done"]
                  stop.timeout = 10m
                }
                stubborn {
                  command = [/bin/sh, -c, "trap '' TERM; while :; do sleep 0.1; done"]
                  stop { mode = group, timeout = 1s }
                }
                """.formatted(release));
        assertThat(daemon.pdctl("wait", "slow").exit()).isZero();
        assertThat(daemon.pdctl("wait", "stubborn").exit()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            Files.writeString(release, "");
            daemon.close();
        }
    }

    /** pdctl ARGS on a pty; its output read as it comes. */
    static final class OnPty implements AutoCloseable {
        final Process process;
        private final InputStream in;
        final StringBuilder seen = new StringBuilder();

        OnPty(String... args) throws IOException {
            StringBuilder cmd = new StringBuilder();
            cmd.append(daemon.pdctlPath()).append(" -s ").append(daemon.socket);
            for (String a : args) cmd.append(' ').append(a);
            ProcessBuilder pb = new ProcessBuilder("script", "-qfec", cmd.toString(), "/dev/null")
                    .redirectErrorStream(true);
            pb.environment().remove("PDCTL_JAVA_OPTS");
            pb.environment().put("TERM", "xterm");
            process = pb.start();
            in = process.getInputStream();
        }

        /** Reads until the output contains {@code text}; fails if pdctl ends first. */
        void await(String text) throws IOException {
            byte[] buf = new byte[4096];
            while (seen.indexOf(text) < 0) {
                int n = in.read(buf);
                assertThat(n).as("pdctl ended without printing '%s'; it printed:\n%s", text, seen).isPositive();
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        }

        /** The rest of the output and the exit status. */
        int finish() throws Exception {
            seen.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)).as(seen.toString()).isTrue();
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    @Order(1)
    void stopShowsTheSignalsAndWhatIsStillStoppingWhileItWaits() throws Exception {
        Files.deleteIfExists(release);
        try (OnPty pdctl = new OnPty("stop", "slow", "stubborn")) {
            pdctl.await("slow: running -> stopping: stopped by operator (SIGTERM; SIGKILL in 600s)");
            pdctl.await("stubborn: running -> stopping: stopped by operator (SIGTERM; SIGKILL in 1s)");
            pdctl.await("stubborn: stopping -> stopping: did not stop within 1s: SIGKILL");
            pdctl.await("stubborn: stopping -> stopped: stopped: signal KILL (cpu ");
            pdctl.await("waiting for slow (stopping) ...");
            assertThat(pdctl.process.isAlive()).as("the lines came before the end: slow is still stopping").isTrue();

            Files.writeString(release, "");
            pdctl.await("slow: stopping -> stopped: stopped: exit 0");
            assertThat(pdctl.finish()).as(pdctl.seen.toString()).isZero();
            assertThat(pdctl.seen.toString()).contains("NAME").containsPattern("slow +\\S*stopped");
        }
    }

    @Test
    @Order(2)
    void nothingExtraOffATerminalOrWithJson() throws Exception {
        Files.writeString(release, "");
        assertThat(daemon.pdctl("start", "slow").exit()).isZero();
        Run.Result plain = daemon.pdctl("stop", "slow");
        assertThat(plain.exit()).as(plain.describe()).isZero();
        assertThat(plain.out().lines().toList()).hasSize(2).first().asString().startsWith("NAME");
        assertThat(plain.out()).doesNotContain("->").doesNotContain("waiting for");

        assertThat(daemon.pdctl("start", "slow").exit()).isZero();
        try (OnPty json = new OnPty("--json", "stop", "slow")) {
            assertThat(json.finish()).isZero();
            List<String> lines = json.seen.toString().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).startsWith("{\"ok\":true,\"services\":[");
        }
    }

    @Test
    @Order(3)
    void noBlockReturnsWhileTheStopGoesOnAndAWaitThatTimesOutSaysWhy() throws Exception {
        assertThat(daemon.pdctl("start", "slow").exit()).isZero();
        Files.delete(release);
        Run.Result r = daemon.pdctl("stop", "--no-block", "slow");
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).isEqualTo("stop requested: slow\n");
        // slow cannot have stopped: the release file is not there
        Run.Result status = daemon.pdctl("status", "slow");
        assertThat(status.out()).contains("stopping: stopped by operator (SIGTERM; SIGKILL in 600s)");

        Run.Result timedOut = daemon.pdctl("wait", "slow", "--state", "stopped", "--timeout", "200ms");
        assertThat(timedOut.exit()).isEqualTo(75);
        assertThat(timedOut.err()).contains("did not reach")
                .containsPattern("pdctl: slow is stopping for \\d+s: stopped by operator \\(SIGTERM; SIGKILL in 600s\\)");

        Files.writeString(release, "");
        assertThat(daemon.pdctl("wait", "slow", "--state", "stopped", "--timeout", "60s").exit()).isZero();
    }

    @Test
    @Order(4)
    void shutdownShowsEachServiceStoppingUntilPdsupdHasExited() throws Exception {
        assertThat(daemon.pdctl("start", "slow").exit()).isZero();
        Files.delete(release);
        try (OnPty pdctl = new OnPty("shutdown")) {
            pdctl.await("pdsupd is shutting down");
            pdctl.await("slow: running -> stopping: pdsupd is shutting down (SIGTERM");
            assertThat(pdctl.process.isAlive()).isTrue();
            Files.writeString(release, "");
            pdctl.await("slow: stopping -> stopped");
            assertThat(pdctl.finish()).as(pdctl.seen.toString()).isZero();
            assertThat(pdctl.seen.toString()).contains("pdsupd has stopped");
        }
    }
}
