package org.pdsup.daemon.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.config.OutputConfig;
import org.pdsup.config.OutputTarget;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.Redirect;

/** Output capture of real processes: files, exit flushing, order, tail/follow, reopen, forget. */
class OutputCaptureProcessTest {
    @TempDir
    Path logDir;
    private ProcessOutputFixture fx;

    @BeforeEach
    void start() {
        fx = new ProcessOutputFixture(logDir, 64L << 20);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private static OutputConfig combined() {
        return ProcessOutputFixture.config(true, 0, 0, false, 8192, 1 << 20);
    }

    /** Collects what a {@code logs} stream delivers; lets a test wait for a line. */
    static final class Collector implements OutputCapture.LogSink {
        final List<String> lines = new ArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);
        long dropped;

        @Override
        public synchronized void line(String stream, String text) {
            lines.add(stream + ":" + text);
            notifyAll();
        }

        @Override
        public synchronized void dropped(long n) {
            dropped += n;
        }

        @Override
        public void end() {
            ended.countDown();
        }

        synchronized List<String> awaitLines(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("got only " + lines.size() + " of " + n + " lines: " + tailOf(lines));
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return new ArrayList<>(lines);
        }

        private static List<String> tailOf(List<String> l) {
            return l.subList(Math.max(0, l.size() - 5), l.size());
        }
    }

    @Test
    void everythingWrittenBeforeExitIsInTheFileWhenTheExitIsReported() throws Exception {
        Path file = logDir.resolve("quick/output.log");
        AtomicReference<String> seenAtFlush = new AtomicReference<>();
        CompletableFuture<ProcessOutputFixture.Exit> done = fx.start("quick", combined(),
                "seq 1 20000; printf 'no newline at the end'; exit 3",
                () -> seenAtFlush.set(read(file)));
        ProcessOutputFixture.Exit exit = done.get(60, TimeUnit.SECONDS);
        exit.process().close();
        assertThat(exit.status().kind()).isEqualTo(ExitStatus.Kind.EXITED);
        assertThat(exit.status().code()).isEqualTo(3);
        StringBuilder want = new StringBuilder();
        for (int i = 1; i <= 20000; i++) want.append(i).append('\n');
        want.append("no newline at the end\n");
        assertThat(seenAtFlush.get()).isEqualTo(want.toString());
    }

    @Test
    void aDescendantKeepingThePipeOpenDoesNotDelayTheExitAndIsStillCaptured() throws Exception {
        Collector follow = new Collector();
        AutoCloseable handle = fx.capture.tail("bg", 10, true, follow);
        try {
            Path file = logDir.resolve("bg/output.log");
            AtomicReference<String> seenAtFlush = new AtomicReference<>();
            // the background child holds stdout until the test lets it go (it reads the fifo)
            Path fifo = logDir.resolve("go");
            new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
            ProcessOutputFixture.Exit exit = fx.start("bg", combined(),
                    "(read x < " + fifo + "; echo late) & echo early", () -> seenAtFlush.set(read(file)))
                    .get(60, TimeUnit.SECONDS);
            exit.process().close();
            assertThat(seenAtFlush.get()).isEqualTo("early\n");
            Files.writeString(fifo, "go\n");
            assertThat(follow.awaitLines(2)).containsExactly("stdout:early", "stdout:late");
            fx.capture.awaitWriter(); // followers see a line as it goes into the write buffer
            assertThat(read(file)).isEqualTo("early\nlate\n");
        } finally {
            handle.close();
        }
        assertThat(follow.ended.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void combinedOutputKeepsTheOrderOfBothStreamsSeparateFilesSplitThem() throws Exception {
        String script = "for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; done";
        fx.run("both", combined(), script);
        assertThat(Files.readAllLines(logDir.resolve("both/output.log")))
                .containsExactly("out1", "err1", "out2", "err2", "out3", "err3", "out4", "err4", "out5", "err5");
        fx.run("apart", ProcessOutputFixture.config(false, 0, 0, false, 8192, 1 << 20), script);
        assertThat(Files.readAllLines(logDir.resolve("apart/stdout.log"))).containsExactly("out1", "out2", "out3", "out4", "out5");
        assertThat(Files.readAllLines(logDir.resolve("apart/stderr.log"))).containsExactly("err1", "err2", "err3", "err4", "err5");
        assertThat(Files.exists(logDir.resolve("apart/output.log"))).isFalse();
    }

    @Test
    void inheritAndNullNeedNoPipeAndNoFile() throws Exception {
        OutputConfig cfg = new OutputConfig(OutputTarget.NULL, OutputTarget.INHERIT, false, 0, 0, false, "daemon", 100, 1000);
        RunOutput run = fx.capture.open("quiet", cfg);
        assertThat(run.stdout()).isEqualTo(Redirect.devNull());
        assertThat(run.stderr()).isEqualTo(Redirect.inherit());
        CountDownLatch flushed = new CountDownLatch(1);
        run.spawned();
        run.exited(flushed::countDown);
        assertThat(flushed.getCount()).as("nothing to flush: at once").isZero();
        assertThat(Files.exists(logDir.resolve("quiet"))).isFalse();
    }

    @Test
    void logsShowsTheLastLinesThenFollowsThroughRotation() throws Exception {
        OutputConfig cfg = ProcessOutputFixture.config(true, 4096, 100, false, 8192, 1 << 20);
        fx.run("rot", cfg, "seq 1 5");
        Collector c = new Collector();
        AutoCloseable handle = fx.capture.tail("rot", 3, true, c);
        assertThat(c.awaitLines(3)).containsExactly("stdout:3", "stdout:4", "stdout:5");
        fx.run("rot", cfg, "seq 6 3000");
        List<String> got = c.awaitLines(3000 - 2);
        fx.capture.awaitRotations();
        assertThat(Files.exists(RotatingLogFile.rotated(logDir.resolve("rot/output.log"), 3))).as("it did rotate").isTrue();
        assertThat(got).hasSize(2998);
        for (int i = 0; i < got.size(); i++) assertThat(got.get(i)).isEqualTo("stdout:" + (i + 3));
        assertThat(c.dropped).isZero();
        handle.close();
        assertThat(c.ended.await(10, TimeUnit.SECONDS)).isTrue();

        Collector again = new Collector();
        fx.capture.tail("rot", 2500, false, again);
        assertThat(again.ended.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(again.lines).hasSize(2500);
        assertThat(again.lines.get(0)).isEqualTo("stdout:501");
        assertThat(again.lines.get(2499)).isEqualTo("stdout:3000");
    }

    @Test
    void reopenAllStartsNewFilesAfterAnExternalRename() throws Exception {
        fx.run("ext", combined(), "echo before");
        Path cur = logDir.resolve("ext/output.log");
        Files.move(cur, RotatingLogFile.rotated(cur, 0));
        fx.capture.reopenAll();
        fx.run("ext", combined(), "echo after");
        assertThat(read(cur)).isEqualTo("after\n");
        assertThat(read(RotatingLogFile.rotated(cur, 0))).isEqualTo("before\n");
    }

    @Test
    void forgetClosesTheServiceAndEndsItsFollowers() throws Exception {
        fx.run("gone", combined(), "echo bye");
        Collector c = new Collector();
        fx.capture.tail("gone", 1, true, c);
        assertThat(c.awaitLines(1)).containsExactly("stdout:bye");
        fx.capture.forget("gone");
        assertThat(c.ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(fx.capture.droppedBytes("gone")).isZero();
    }

    @Test
    void timestampsAndLongLinesFromAProcess() throws Exception {
        OutputConfig cfg = ProcessOutputFixture.config(true, 0, 0, true, 1000, 1 << 20);
        fx.run("ts", cfg, "head -c 2500 /dev/zero | tr '\\0' x; echo; echo short");
        List<String> lines = Files.readAllLines(logDir.resolve("ts/output.log"));
        assertThat(lines).hasSize(4);
        String ts = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ";
        assertThat(lines.get(0)).matches(ts + "x{1000} \\[continued\\]");
        assertThat(lines.get(1)).matches(ts + "x{1000} \\[continued\\]");
        assertThat(lines.get(2)).matches(ts + "x{500}");
        assertThat(lines.get(3)).matches(ts + "short");
    }

    @Test
    void anExitAfterCaptureClosedIsStillReported() throws Exception {
        RunOutput run = fx.capture.open("late", combined());
        run.spawned();
        fx.capture.close();
        CountDownLatch flushed = new CountDownLatch(1);
        run.exited(flushed::countDown);
        assertThat(flushed.await(10, TimeUnit.SECONDS)).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fx.capture.open("late", combined()))
                .hasMessageContaining("closed");
    }

    @Test
    void aBadServiceNameOrFacilityIsRefusedClearly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fx.capture.open("../etc", combined()))
                .hasMessageContaining("../etc");
        OutputConfig bad = new OutputConfig(OutputTarget.SYSLOG, OutputTarget.FILE, false, 0, 0, false, "nosuch", 100, 1000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fx.capture.open("svc", bad))
                .hasMessageContaining("svc").hasMessageContaining("nosuch");
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
