package org.pdsup.daemon.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.config.OutputTarget;

/** The writer side without processes: chunker -> queue -> writer thread -> files. */
class WriterPipelineTest {
    @TempDir
    Path logDir;
    private OutputWriter writer;

    @AfterEach
    void stop() {
        if (writer != null) writer.close();
    }

    static OutputSettings settings(boolean combine, long maxSize, int keep, boolean timestamps, int maxLine, long buffer) {
        return new OutputSettings(OutputTarget.FILE, OutputTarget.FILE, combine, maxSize, keep, timestamps,
                SyslogFacility.DAEMON, maxLine, buffer);
    }

    private ServiceOutput service(String name, OutputSettings s) throws IOException {
        writer = new OutputWriter(logDir, logDir.resolve("no-syslog"), SyslogTransport.STREAM, svc -> { });
        LogLayout.createDirectory(logDir.resolve(name));
        ServiceOutput svc = new ServiceOutput(name, s, new MemoryBudget(64 << 20), writer::schedule);
        svc.configure(s);
        return svc;
    }

    private static void feed(LineChunker c, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        c.accept(b, b.length, 1_764_000_000_123L);
    }

    private void flushed(ServiceOutput svc) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        svc.queue().control(new QueueEntry.Barrier(done::countDown));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        writer.rotations().awaitSettled();
    }

    @Test
    void splitsLongLinesIntoMarkedPiecesAndKeepsExactMaxLineLinesWhole() throws Exception {
        ServiceOutput svc = service("split", settings(true, 0, 0, false, 5, 1 << 20));
        LineChunker c = new LineChunker(StreamKind.STDOUT, svc.queue(), 5);
        feed(c, "12345\n123456789012\nab");
        feed(c, "cdefgh");
        feed(c, "\nlast");
        c.flush(0);
        flushed(svc);
        assertThat(Files.readAllLines(logDir.resolve("split/output.log"))).containsExactly(
                "12345",
                "12345 [continued]", "67890 [continued]", "12",
                "abcde [continued]", "fgh",
                "last");
    }

    @Test
    void prefixesRfc3339UtcTimestampsWithMilliseconds() throws Exception {
        ServiceOutput svc = service("ts", settings(true, 0, 0, true, 100, 1 << 20));
        LineChunker c = new LineChunker(StreamKind.STDOUT, svc.queue(), 100);
        feed(c, "hello\n");
        flushed(svc);
        assertThat(Files.readAllLines(logDir.resolve("ts/output.log")))
                .containsExactly("2025-11-24T16:00:00.123Z hello");
    }

    @Test
    void separateFilesPerStreamCreatedOwnerOnly() throws Exception {
        ServiceOutput svc = service("sep", settings(false, 0, 0, false, 100, 1 << 20));
        feed(new LineChunker(StreamKind.STDOUT, svc.queue(), 100), "out\n");
        feed(new LineChunker(StreamKind.STDERR, svc.queue(), 100), "err\n");
        flushed(svc);
        assertThat(Files.readAllLines(logDir.resolve("sep/stdout.log"))).containsExactly("out");
        assertThat(Files.readAllLines(logDir.resolve("sep/stderr.log"))).containsExactly("err");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logDir.resolve("sep/stdout.log"))))
                .isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logDir.resolve("sep"))))
                .isEqualTo("rwxr-x---");
    }

    @Test
    void rotatesBetweenLinesKeepingOnlyKeepFiles() throws Exception {
        ServiceOutput svc = service("rot", settings(true, 100, 3, false, 1000, 1 << 20));
        LineChunker c = new LineChunker(StreamKind.STDOUT, svc.queue(), 1000);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 100; i++) all.append(String.format("line %04d%n", i)); // 10 bytes each
        feed(c, all.toString());
        flushed(svc);
        Path cur = logDir.resolve("rot/output.log");
        assertThat(Files.exists(RotatingLogFile.rotated(cur, 4))).isFalse();
        List<String> lines = new ArrayList<>();
        for (int i = 3; i >= 1; i--) {
            Path p = RotatingLogFile.rotated(cur, i);
            String text = Files.readString(p);
            assertThat(text).endsWith("\n");
            lines.addAll(List.of(text.split("\n")));
            assertThat(Files.size(p)).isLessThanOrEqualTo(100);
        }
        lines.addAll(Files.readAllLines(cur));
        assertThat(lines).hasSize(40);
        for (int i = 0; i < 40; i++) assertThat(lines.get(i)).isEqualTo(String.format("line %04d", 60 + i));
    }

    @Test
    void aLineLongerThanMaxSizeGetsAFileOfItsOwn() throws Exception {
        ServiceOutput svc = service("big", settings(true, 50, 5, false, 1000, 1 << 20));
        LineChunker c = new LineChunker(StreamKind.STDOUT, svc.queue(), 1000);
        feed(c, "a\n" + "b".repeat(200) + "\nc\n");
        flushed(svc);
        Path cur = logDir.resolve("big/output.log");
        assertThat(Files.readString(RotatingLogFile.rotated(cur, 2))).isEqualTo("a\n");
        assertThat(Files.readString(RotatingLogFile.rotated(cur, 1))).isEqualTo("b".repeat(200) + "\n");
        assertThat(Files.readString(cur)).isEqualTo("c\n");
    }

    @Test
    void writesADropNoticeWhereOutputWasDropped() throws Exception {
        ServiceOutput svc = service("drop", settings(true, 0, 0, false, 1000, 10));
        // hold the writer so the queue fills: a barrier that waits
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        LineChunker c = new LineChunker(StreamKind.STDOUT, svc.queue(), 1000);
        feed(c, "first\n");
        svc.queue().control(new QueueEntry.Barrier(() -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        feed(c, "kept\n");
        feed(c, "lost one\n");
        feed(c, "lost two\n");
        release.countDown();
        flushed(svc);
        feed(c, "after\n");
        flushed(svc);
        assertThat(Files.readAllLines(logDir.resolve("drop/output.log")))
                .containsExactly("first", "kept", "pdsupd: dropped 18 bytes of output", "after");
        assertThat(svc.droppedBytes()).isEqualTo(18);
    }
}
