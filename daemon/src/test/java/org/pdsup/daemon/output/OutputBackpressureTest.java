package org.pdsup.daemon.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.config.OutputConfig;
import org.pdsup.config.OutputOverflow;
import org.pdsup.config.OutputTarget;

/**
 * {@code overflow = block}: a full buffer stops the reading of that service's pipes (the service waits in
 * write(2)) instead of dropping, for at most max-stall; then output is dropped and counted as before. A held
 * writer stands for a slow or hung disk: a barrier on the writer thread that waits for the test.
 */
class OutputBackpressureTest {
    private static final long MIB = 1024 * 1024;
    /** seq prints 15-digit numbers from here: 16 bytes per line. */
    private static final long FIRST = 100_000_000_000_000L;
    private static final int LINE = 16;
    /** The total pdsupd gives capture with the default buffer: max(16 x 1 MiB, 64 MiB). */
    private static final long TOTAL = 64 * MIB;

    @TempDir
    Path logDir;

    /** Defaults of reference.conf (1 MiB buffer, block, 5 s), but keeping every rotated file so all can be read. */
    private static OutputConfig defaults(int keep) {
        return new OutputConfig(OutputTarget.FILE, OutputTarget.FILE, true, 10 * MIB, keep, false, "daemon",
                16 * 1024, MIB);
    }

    private static OutputConfig blocking(long buffer, Duration maxStall) {
        return new OutputConfig(OutputTarget.FILE, OutputTarget.FILE, true, 0, 0, false, "daemon", 4096, buffer,
                OutputOverflow.BLOCK, maxStall);
    }

    private static String seq(long lines) {
        return "seq " + FIRST + " " + (FIRST + lines - 1);
    }

    /** Holds the writer thread until the returned latch is counted down. */
    private static CountDownLatch holdWriter(ProcessOutputFixture fx) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        assertThat(fx.capture.onWriter(() -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).isTrue();
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    @Test
    void aBurstOf200MegabytesArrivesCompleteAndInOrderWithDefaultSettings() throws Exception {
        long lines = 200_000_000L / LINE;
        int keep = 25; // 25 x 10 MiB hold the 200 MB
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, TOTAL)) {
            long t0 = System.nanoTime();
            ProcessOutputFixture.Exit exit = fx.run("burst", defaults(keep), seq(lines));
            long elapsed = System.nanoTime() - t0;
            assertThat(exit.status().code()).isZero();
            fx.capture.awaitRotations();
            long dropped = fx.capture.droppedBytes("burst");
            long perService = fx.capture.bufferHighWaterBytes("burst");
            System.out.printf("backpressure: 200 MB with default settings in %.2f s; dropped %d bytes; buffer high"
                    + " water %d KiB (load %s)%n", elapsed / 1e9, dropped, perService / 1024,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            SeqAccounting acc = new SeqAccounting(FIRST, LINE);
            acc.readRotated(logDir.resolve("burst/output.log"), keep);
            assertThat(acc.next).as("every line read back in order").isEqualTo(FIRST + lines);
            assertThat(acc.noticed).as("no notice line").isZero();
            assertThat(dropped).as("bytes dropped").isZero();
            long oneRead = CapturedStream.READ_SIZE + 16 * 1024 + 2L * Chunk.OVERHEAD * (2 + (CapturedStream.READ_SIZE + 16 * 1024) / (16 * 1024));
            assertThat(perService).as("memory held for the service").isLessThanOrEqualTo(MIB + oneRead);
            assertThat(fx.capture.bufferHighWaterBytes()).as("memory held for all").isLessThanOrEqualTo(TOTAL);
        }
    }

    /**
     * The case of the report: 11 MB at once through seq with the default 1 MiB buffer, while the writer is
     * behind (held for a second, well under max-stall): nothing is lost; the service simply waits.
     */
    @Test
    void elevenMegabytesWhileTheWriterIsBehindLoseNothing() throws Exception {
        long lines = 11_000_000L / LINE;
        // max-stall far above the hold, so a loaded machine cannot turn the hold into a stall
        OutputConfig cfg = blocking(MIB, Duration.ofMinutes(2));
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, TOTAL)) {
            CountDownLatch release = holdWriter(fx);
            ProcessOutputFixture.Launched run = fx.launch("eleven", cfg, seq(lines));
            // what is the point here: the writer is behind while the service writes; 1 s lets seq fill the
            // buffer many times over (it writes 11 MB in well under that), under max-stall by far
            Thread.sleep(1000);
            assertThat(run.exited()).as("the service waits for the writer instead of losing output").isNotDone();
            release.countDown();
            assertThat(run.flushed().get(120, TimeUnit.SECONDS).status().code()).isZero();
            assertThat(fx.capture.droppedBytes("eleven")).isZero();
            SeqAccounting acc = new SeqAccounting(FIRST, LINE);
            acc.readRotated(logDir.resolve("eleven/output.log"), 0);
            assertThat(acc.next).isEqualTo(FIRST + lines);
            assertThat(fx.capture.bufferHighWaterBytes("eleven")).isLessThanOrEqualTo(MIB + 2 * CapturedStream.READ_SIZE);
        }
    }

    /**
     * A hung disk (the writer never comes back): after max-stall the service is no longer held; it runs to its
     * end, what did not fit is dropped and counted, and once the writer is back the notice lines account for
     * every dropped byte and blocking applies again.
     */
    @Test
    void aHungWriterEndsInDropsAfterMaxStallAndTheServiceRunsToItsEnd() throws Exception {
        long lines = 4_000_000L / LINE;
        OutputConfig cfg = blocking(64 * 1024, Duration.ofMillis(300));
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, TOTAL)) {
            CountDownLatch release = holdWriter(fx);
            ProcessOutputFixture.Launched run = fx.launch("hung", cfg, seq(lines));
            assertThat(run.exited().get(60, TimeUnit.SECONDS).code()).as("the service ran to its end").isZero();
            assertThat(fx.capture.overflowing("hung")).isTrue();
            long dropped = fx.capture.droppedBytes("hung");
            assertThat(dropped).isPositive();
            release.countDown();
            run.flushed().get(60, TimeUnit.SECONDS);
            fx.capture.awaitWriter();
            assertThat(fx.capture.overflowing("hung")).as("blocking again once the writer caught up").isFalse();
            fx.run("hung", cfg, "echo after");
            SeqAccounting acc = new SeqAccounting(FIRST, LINE);
            Path file = logDir.resolve("hung/output.log");
            String all = Files.readString(file);
            assertThat(all).endsWith("after\n");
            Files.writeString(file, all.substring(0, all.length() - "after\n".length()));
            acc.readRotated(file, 0);
            assertThat(acc.next).as("lines read back, or reported dropped in place").isEqualTo(FIRST + lines);
            assertThat(acc.noticed).as("notice lines account for every dropped byte").isEqualTo(dropped);
        }
    }

    /**
     * One service paused on its full buffer holds nobody else: the kernel-event thread still reads other
     * services' pipes and reports their exits while the paused one waits in write(2).
     */
    @Test
    void aPausedServiceDoesNotHoldOtherServices() throws Exception {
        OutputConfig cfg = blocking(64 * 1024, Duration.ofMinutes(2));
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, TOTAL)) {
            CountDownLatch release = holdWriter(fx);
            long lines = 2_000_000L / LINE;
            ProcessOutputFixture.Launched flood = fx.launch("flood", cfg, seq(lines));
            ProcessOutputFixture.Launched quiet = fx.launch("quiet", cfg, "echo one; echo two");
            assertThat(quiet.exited().get(60, TimeUnit.SECONDS).code()).as("exit seen while the other is paused").isZero();
            ProcessOutputFixture.Launched third = fx.launch("third", cfg, "seq 1 1000");
            assertThat(third.exited().get(60, TimeUnit.SECONDS).code()).isZero();
            assertThat(flood.exited()).as("the flood waits: 2 MB do not fit in 64 KiB plus a pipe").isNotDone();
            assertThat(fx.capture.droppedBytes("quiet") + fx.capture.droppedBytes("third")).isZero();
            release.countDown();
            assertThat(flood.flushed().get(60, TimeUnit.SECONDS).status().code()).isZero();
            quiet.flushed().get(60, TimeUnit.SECONDS);
            third.flushed().get(60, TimeUnit.SECONDS);
            assertThat(Files.readAllLines(logDir.resolve("quiet/output.log"))).containsExactly("one", "two");
            assertThat(Files.readAllLines(logDir.resolve("third/output.log"))).hasSize(1000);
            assertThat(fx.capture.droppedBytes("flood")).isZero();
            SeqAccounting acc = new SeqAccounting(FIRST, LINE);
            acc.readRotated(logDir.resolve("flood/output.log"), 0);
            assertThat(acc.next).isEqualTo(FIRST + lines);
        }
    }

    /** {@code overflow = drop} keeps the old behaviour: the service is never held, a full buffer drops. */
    @Test
    void overflowDropNeverHoldsTheService() throws Exception {
        OutputConfig cfg = new OutputConfig(OutputTarget.FILE, OutputTarget.FILE, true, 0, 0, false, "daemon", 4096,
                64 * 1024, OutputOverflow.DROP, Duration.ofMinutes(2));
        long lines = 2_000_000L / LINE;
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, TOTAL)) {
            CountDownLatch release = holdWriter(fx);
            ProcessOutputFixture.Launched run = fx.launch("dropper", cfg, seq(lines));
            assertThat(run.exited().get(60, TimeUnit.SECONDS).code()).isZero();
            assertThat(fx.capture.droppedBytes("dropper")).isPositive();
            release.countDown();
            run.flushed().get(60, TimeUnit.SECONDS);
        }
    }
}
