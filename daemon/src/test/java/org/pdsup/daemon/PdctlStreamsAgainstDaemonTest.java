package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pdctl's streams against a real pdsupd: {@code events -f} and {@code logs -f} end with exit 0 when pdsupd
 * shuts down in order (the daemon's end frame with reason "shutdown") and stay an error when it dies;
 * {@code logs --since}, {@code --stdout}, {@code --stderr}, alone and for several services; signal numbers.
 */
class PdctlStreamsAgainstDaemonTest {
    /** A bound for what must happen long before it (a loaded machine): only reached when the test fails. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private InProcessPdctl.Result pdctl(String... args) {
        return InProcessPdctl.run(tmp.resolve("pdsupd.sock"), args);
    }

    @Test
    void followersEndWithExitZeroWhenPdsupdShutsDownInOrder() throws Exception {
        Path cfg = DaemonProcess.config(tmp, """
                web { command = ["/bin/sh", "-c", "while :; do echo tick; sleep 0.2; done"] }
                """);
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.runningPid("web", PATIENCE);
            d.awaitLine("control: listening on", 0, PATIENCE);
            Following events = Following.start(tmp, "events", "-f");
            Following logs = Following.start(tmp, "logs", "-f", "web");
            events.out.await("web: ");
            logs.out.await("tick");

            InProcessPdctl.Result shutdown = pdctl("shutdown");
            assertThat(shutdown.code()).as(shutdown.err()).isZero();

            assertThat(events.exit()).as("events -f: %s", events.err).isZero();
            assertThat(events.out.text()).as("the last events come before the end")
                    .containsPattern("web: (running|stopping) -> stopped");
            assertThat(events.err.text()).isEmpty(); // not a terminal: nothing extra
            assertThat(logs.exit()).as("logs -f: %s", logs.err).isZero();
            assertThat(d.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aDaemonKilledUnderAFollowerIsStillAnError() throws Exception {
        Path cfg = DaemonProcess.config(tmp, """
                web { command = ["/bin/sleep", "600"] }
                """);
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.runningPid("web", PATIENCE);
            d.awaitLine("control: listening on", 0, PATIENCE);
            Following events = Following.start(tmp, "events", "-f");
            events.out.await("web: ");
            d.process.destroyForcibly(); // SIGKILL: no end frame
            assertThat(events.exit()).isEqualTo(69);
            assertThat(events.err.text()).contains("pdsupd closed the connection");
        }
    }

    @Test
    void logsPicksLinesByTimeAndStreamOfOneOrSeveralServices() throws Exception {
        // 'early' lines at start, 'late' ones on SIGUSR1; stdout and stderr in their own files, timestamped
        String script = "trap 'echo late-out; echo late-err >&2' USR1; echo early-out; echo early-err >&2; "
                + "while :; do sleep 0.1; done";
        Path cfg = DaemonProcess.config(tmp, """
                web { command = ["/bin/sh", "-c", "%1$s"], output { combine = false, timestamps = true } }
                api { command = ["/bin/sh", "-c", "%1$s"], output { combine = false, timestamps = true } }
                mixed { command = ["/bin/sh", "-c", "echo one; echo two >&2; exec sleep 600"] }
                """.formatted(script));
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.runningPid("mixed", PATIENCE);
            d.runningPid("web", PATIENCE);
            d.runningPid("api", PATIENCE);
            awaitLogs("web", "early-err");
            awaitLogs("api", "early-err");
            // every early line is timestamped at or before now; the late ones come after 'since'
            Instant since = Instant.now().plusMillis(1).truncatedTo(ChronoUnit.MILLIS);
            while (!Instant.now().isAfter(since)) Thread.onSpinWait();
            assertThat(pdctl("signal", "web", "USR1").code()).isZero();
            assertThat(pdctl("signal", "api", "USR1").code()).isZero();
            awaitLogs("web", "late-err");
            awaitLogs("api", "late-err");

            InProcessPdctl.Result recent = pdctl("logs", "web", "--since", since.toString());
            assertThat(recent.code()).as(recent.err()).isZero();
            assertThat(recent.out()).contains("late-out").contains("late-err").doesNotContain("early");
            assertThat(pdctl("logs", "web", "--since", "1h").out()).contains("early-out").contains("late-out");

            InProcessPdctl.Result errors = pdctl("logs", "web", "--stderr");
            assertThat(errors.out()).contains("early-err").contains("late-err").doesNotContain("-out");
            InProcessPdctl.Result outs = pdctl("logs", "web", "--stdout", "-n", "1");
            assertThat(outs.out().lines()).hasSize(1).allMatch(l -> l.endsWith(" late-out"));

            InProcessPdctl.Result both = pdctl("logs", "web", "api", "--stderr", "--since=" + since);
            assertThat(both.code()).as(both.err()).isZero();
            assertThat(both.out().lines()).as(both.out()).hasSize(2)
                    .anyMatch(l -> l.startsWith("web | ") && l.endsWith(" late-err"))
                    .anyMatch(l -> l.startsWith("api | ") && l.endsWith(" late-err"));

            // live lines are filtered too: the follower's backlog (the last stderr line) shows it is in place;
            // a second round's stdout line is in the file before the third round's stderr line is written
            Following errFollower = Following.start(tmp, "logs", "-f", "-n", "1", "--stderr", "web");
            errFollower.out.await("late-err", 1);
            assertThat(pdctl("signal", "web", "USR1").code()).isZero();
            errFollower.out.await("late-err", 2);
            awaitLogs("web", "late-out", 2);
            assertThat(pdctl("signal", "web", "USR1").code()).isZero();
            errFollower.out.await("late-err", 3);
            assertThat(errFollower.out.text()).doesNotContain("-out");

            InProcessPdctl.Result merged = pdctl("logs", "mixed", "--stderr");
            assertThat(merged.code()).isEqualTo(1);
            assertThat(merged.err()).contains("mixed's stdout and stderr go to one file")
                    .contains("services.mixed.output.combine = false");
            InProcessPdctl.Result untimed = pdctl("logs", "mixed", "--since", "10m");
            assertThat(untimed.code()).isEqualTo(1);
            assertThat(untimed.err()).contains("carry no timestamps (output.timestamps = false)");
            InProcessPdctl.Result bad = pdctl("logs", "web", "--since", "yesterday");
            assertThat(bad.code()).isEqualTo(2);
            assertThat(bad.err()).contains("invalid time 'yesterday' for --since");
        }
    }

    @Test
    void signalsByNumberAsKillTakesThem() throws Exception {
        Path cfg = DaemonProcess.config(tmp, """
                hup { command = ["/bin/sh", "-c", "trap 'exit 7' HUP; echo >&3; exec 3>&-; while :; do sleep 0.1; done"],
                      ready { mode = notify-fd, fd = 3 }, restart = never }
                """);
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.runningPid("hup", PATIENCE);
            d.awaitLine("control: listening on", 0, PATIENCE);
            assertThat(pdctl("wait", "hup", "--timeout", "60s").code()).isZero();
            InProcessPdctl.Result sent = pdctl("signal", "hup", "1");
            assertThat(sent.code()).as(sent.err()).isZero();
            assertThat(sent.out()).startsWith("sent signal 1 to hup (pid ");
            assertThat(pdctl("wait", "hup", "--state", "exited", "--timeout", "60s").code()).isZero();
            assertThat(pdctl("show", "hup").out()).contains("last exits   exit 7 ");

            InProcessPdctl.Result unknown = pdctl("signal", "hup", "0");
            assertThat(unknown.code()).isEqualTo(1);
            assertThat(unknown.err()).contains("signal number 0 is not a signal pdsupd can send");
        }
    }

    /** Waits until {@code pdctl logs NAME -n 100} shows {@code text} (the file is written after the pipe is read). */
    private void awaitLogs(String name, String text) throws InterruptedException {
        awaitLogs(name, text, 1);
    }

    private void awaitLogs(String name, String text, int times) throws InterruptedException {
        Following f = Following.start(tmp, "logs", "-f", "-n", "100", name);
        try {
            f.out.await(text, times);
        } finally {
            f.thread.cancel(true);
        }
    }

    /** pdctl running a following command in its own thread, with output to watch as it comes. */
    private record Following(Watched out, Watched err, CompletableFuture<Integer> thread) {
        static Following start(Path dir, String... args) {
            Watched out = new Watched();
            Watched err = new Watched();
            String[] all = new String[args.length + 2];
            all[0] = "-s";
            all[1] = dir.resolve("pdsupd.sock").toString();
            System.arraycopy(args, 0, all, 2, args.length);
            CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> org.pdsup.pdctl.Main.run(all,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    Map.of(), false), r -> {
                Thread t = new Thread(r, "pdctl " + String.join(" ", args));
                t.setDaemon(true);
                t.start();
            });
            return new Following(out, err, f);
        }

        int exit() throws Exception {
            return thread.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** What a pdctl printed, with a wait for a text to appear. */
    private static final class Watched extends OutputStream {
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            if (b == '\n') {
                text.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
                notifyAll();
            }
        }

        synchronized String text() {
            return text.toString();
        }

        synchronized void await(String wanted) throws InterruptedException {
            await(wanted, 1);
        }

        /** Waits until {@code wanted} was printed {@code times} times. */
        synchronized void await(String wanted, int times) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (text.toString().split(java.util.regex.Pattern.quote(wanted), -1).length - 1 < times) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("no '" + wanted + "' within " + PATIENCE + " in:\n" + text);
                wait(Math.max(1, left / 1_000_000));
            }
        }

        @Override
        public String toString() {
            return text();
        }
    }
}
