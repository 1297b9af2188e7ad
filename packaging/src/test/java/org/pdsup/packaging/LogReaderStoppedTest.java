package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader of pdsupd's standard output that stops reading (daemon(8) stopped, a hung disk behind the journal)
 * must not stop supervision. pdsupd's log lines go to a pipe the test does not read: once the pipe is full
 * (64 KiB, and a thread of pdsupd blocks writing to it), services must go on being restarted, and SIGTERM must still stop pdsupd. When the reader comes back
 * it learns how many lines were dropped. (That the last lines are written before pdsupd exits is LogSetupTest's
 * {@code aJvmThatLogsLoadsNoXmlConfigurator}: its JVM logs one line and ends.) Before {@code BoundedStdout} the supervisor thread blocked in the
 * pipe's write: no exit collected, no restart, and SIGTERM waited for ever.
 */
@Timeout(300)
class LogReaderStoppedTest {
    private static final int SERVICES = 250;

    @TempDir
    Path tmp;

    @Test
    void servicesAreRestartedWhileNobodyReadsTheLogAndTheReaderLearnsWhatWasDropped() throws Exception {
        Path starts = tmp.resolve("starts");
        try (TarballDaemon d = crashLoops(starts)) {
            InputStream log = d.stdout();
            awaitFullPipe(d, log);
            long atFull = lines(starts);
            awaitStarts(d, starts, atFull + 2000);

            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> copy(log, seen));
            reader.start();
            d.pdctl("stop", "c1"); // a fresh line, after which the notice is due
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!text(seen).contains("log line(s) dropped: standard output took no more")) {
                assertThat(System.nanoTime()).as("no notice of dropped lines; read last:\n%s", tail(text(seen)))
                        .isLessThan(deadline);
                Thread.sleep(50); // the reader thread's bytes: nothing signals their arrival
            }
            d.stop();
            reader.join(TimeUnit.SECONDS.toMillis(60));
        }
    }

    @Test
    void sigtermStopsPdsupdWhileNobodyReadsTheLog() throws Exception {
        Path starts = tmp.resolve("starts");
        try (TarballDaemon d = crashLoops(starts)) {
            awaitFullPipe(d, d.stdout());
            awaitStarts(d, starts, lines(starts) + 500);
            ProcessHandle pdsupd = ProcessHandle.of(d.pid()).orElseThrow();
            pdsupd.destroy(); // SIGTERM; the log's last lines cannot be written: it waits 2 s for them at most
            assertThat(pdsupd.onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
        }
    }

    private TarballDaemon crashLoops(Path starts) throws Exception {
        Path prefix = Tarball.unpack(tmp.resolve("p")).toRealPath();
        StringBuilder services = new StringBuilder();
        for (int i = 1; i <= SERVICES; i++) {
            services.append("c").append(i).append(" { command = [/bin/sh, -c, \"echo x >> ").append(starts)
                    .append("; sleep 0.5; exit 3\"], restart = always, backoff { initial = 0ms }, ")
                    .append("start-limit { burst = 1000000, interval = 1s } }\n");
        }
        return TarballDaemon.start(prefix, tmp.resolve("daemon"), "127.0.0.1", TarballDaemon.freePort("127.0.0.1"),
                services.toString(), ProcessBuilder.Redirect.PIPE);
    }

    /**
     * Until a thread of pdsupd waits in the kernel to write to the full pipe ({@code wchan} pipe_write, or
     * anon_pipe_write on 6.x kernels): from then on the pipe takes nothing more until the test reads it.
     */
    private static void awaitFullPipe(TarballDaemon d, InputStream log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!aThreadWritesToAFullPipe(d.pid())) {
            assertThat(d.alive()).as("pdsupd alive").isTrue();
            assertThat(System.nanoTime()).as("no thread blocked on the pipe; %d bytes in it", log.available())
                    .isLessThan(deadline);
            Thread.sleep(50); // /proc: nothing signals a blocked write
        }
    }

    private static boolean aThreadWritesToAFullPipe(long pid) throws IOException {
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("wchan")).contains("pipe_write")) return true;
                } catch (NoSuchFileException e) {
                    // the thread ended
                }
            }
        }
        return false;
    }

    /** Until the services have started {@code n} times in all (each start appends a line). */
    private static void awaitStarts(TarballDaemon d, Path starts, long n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines(starts) < n) {
            assertThat(d.alive()).as("pdsupd alive").isTrue();
            assertThat(System.nanoTime()).as("restarts stopped at %d of %d with the log's pipe full", lines(starts), n)
                    .isLessThan(deadline);
            Thread.sleep(100); // the services' own file: nothing signals a start
        }
    }

    private static long lines(Path file) throws IOException {
        try {
            return Files.readAllLines(file).size();
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[65536];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // pdsupd gone
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
