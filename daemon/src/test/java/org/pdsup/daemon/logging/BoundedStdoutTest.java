package org.pdsup.daemon.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BoundedStdout} on a real pipe (a FIFO) whose reader has not read yet: the thread that logs never
 * blocks, at most {@link BoundedStdout#LIMIT_BYTES} wait in the queue beyond what the pipe holds, the rest is
 * counted, and once the reader reads, a notice of the dropped lines comes before the next line.
 */
@Timeout(60)
class BoundedStdoutTest {
    @TempDir
    Path tmp;

    @Test
    void aStoppedReaderNeverBlocksTheLoggerAndLearnsWhatWasDropped() throws Exception {
        Path fifo = tmp.resolve("stdout");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        // opened read-write first, the FIFO's open waits for no other end; the read end reads nothing yet
        RandomAccessFile both = new RandomAccessFile(fifo.toFile(), "rw");
        try (InputStream readEnd = new FileInputStream(fifo.toFile())) {
            FileOutputStream writeEnd = new FileOutputStream(both.getFD());
            LoggerContext context = new LoggerContext();
            context.setMDCAdapter(new LogbackMDCAdapter());
            LineEncoder encoder = new LineEncoder();
            encoder.setContext(context);
            encoder.start();
            BoundedStdout out = new BoundedStdout(writeEnd, 4096);
            out.setContext(context);
            out.setName(LogSetup.APPENDER);
            out.setEncoder(encoder);
            out.start();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(out);
            ch.qos.logback.classic.Logger log = context.getLogger("test");

            String filler = "x".repeat(100);
            long t0 = System.nanoTime();
            for (int i = 0; i < 5_000; i++) log.info("line {} {}", i, filler); // 600 KB: far beyond pipe and queue
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(out.dropped()).as("lines dropped (logging took %d ms, never blocked)", tookMs).isPositive();
            assertThat(out.flush(Duration.ofMillis(200))).as("a flush while the reader is stopped gives up").isFalse();

            Thread reader = new Thread(() -> drain(readEnd, tmp.resolve("read")));
            reader.start();
            assertThat(out.flush(Duration.ofSeconds(30))).as("what was queued, written once the reader reads").isTrue();
            log.warn("after the reader came back");
            assertThat(out.flush(Duration.ofSeconds(30))).isTrue();
            out.stop();
            both.close(); // the last writer: the reader reaches end of file
            reader.join();
            String read = Files.readString(tmp.resolve("read"));
            // the last notice comes right before the first line logged after the reader came back
            int last = read.lastIndexOf("log line(s) dropped: standard output took no more");
            assertThat(last).as("notice of the dropped lines").isPositive();
            assertThat(read.indexOf("WARN  after the reader came back")).isGreaterThan(last);
            assertThat(read.substring(last)).doesNotContain(" line 4");
            long notified = 0;
            Matcher m = Pattern.compile("WARN  (\\d+) log line\\(s\\) dropped").matcher(read);
            while (m.find()) notified += Long.parseLong(m.group(1));
            assertThat(read.lines().filter(l -> l.contains(" line ")).count() + notified)
                    .as("every line written or counted as dropped").isEqualTo(5_000);
            context.stop();
        } finally {
            both.close();
        }
    }

    private static void drain(InputStream in, Path to) {
        // a read loop: FileInputStream.readAllBytes seeks, which a FIFO refuses
        try (java.io.OutputStream out = Files.newOutputStream(to)) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
