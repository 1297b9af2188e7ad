package org.pdsup.daemon.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.config.OutputConfig;

/**
 * A service writing numbered lines as fast as it can (seq's integer fast path, 200-300 MB/s here), rotated
 * at 1 MiB: every line arrives exactly once, in order, no line is split at a file boundary, and the memory
 * held for output stays within its bounds. 200 MB by default; {@code -Dpdsup.long=true} writes 2 GB.
 *
 * <p>The files are read back with full accounting first (each line present once in order, or inside a gap
 * that a notice line reports at exactly that place), so that a failure of the zero-drop claim shows what
 * was lost and where.
 */
class OutputVolumeTest {
    private static final long MIB = 1024 * 1024;
    /** seq prints 15-digit numbers from here: 16 bytes per line. */
    private static final long FIRST = 100_000_000_000_000L;
    private static final int LINE = 16;

    @TempDir
    Path logDir;

    @Test
    void everyLineOnceInOrderAcrossRotatedFilesWithBoundedMemory() throws Exception {
        boolean longMode = Boolean.getBoolean("pdsup.long");
        long bytes = longMode ? 2_000_000_000L : 200_000_000L;
        long lines = bytes / LINE;
        long buffer = 64 * MIB;
        long total = 128 * MIB;
        int keep = (int) (bytes / MIB) + 50;
        OutputConfig cfg = ProcessOutputFixture.config(true, MIB, keep, false, 4096, buffer);
        long elapsed;
        long dropped;
        long perService;
        long all;
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, total)) {
            // a daemon runs warm: let the JIT compile the read and write paths before the measured flood
            fx.run("warmup", cfg, "seq " + FIRST + " " + (FIRST + lines / 5 - 1));
            long t0 = System.nanoTime();
            ProcessOutputFixture.Exit exit = fx.run("flood", cfg, "seq " + FIRST + " " + (FIRST + lines - 1));
            elapsed = System.nanoTime() - t0;
            assertThat(exit.status().code()).isZero();
            dropped = fx.capture.droppedBytes("flood");
            perService = fx.capture.bufferHighWaterBytes("flood");
            all = fx.capture.bufferHighWaterBytes();
        }
        long oneChunk = CapturedStream.READ_SIZE + 4096 + Chunk.OVERHEAD;
        System.out.printf("output volume: %d MB in %.2f s = %.0f MB/s (spawn to flushed exit); buffer high water"
                        + " %d KiB of %d KiB; dropped %d bytes%n", bytes / 1_000_000, elapsed / 1e9,
                bytes / 1e6 / (elapsed / 1e9), perService / 1024, (buffer + oneChunk) / 1024, dropped);
        assertThat(perService).as("memory held for the service").isLessThanOrEqualTo(buffer + oneChunk);
        assertThat(all).as("memory held for all services").isLessThanOrEqualTo(total);

        Path cur = logDir.resolve("flood/output.log");
        List<Path> files = new ArrayList<>();
        for (int i = keep; i >= 1; i--) {
            Path p = RotatingLogFile.rotated(cur, i);
            if (Files.exists(p)) files.add(p);
        }
        files.add(cur);
        SeqAccounting acc = new SeqAccounting(FIRST, LINE);
        byte[] buf = new byte[1 << 20];
        for (Path p : files) {
            assertThat(Files.size(p)).as("size of %s", p).isLessThanOrEqualTo(MIB);
            acc.read(p, buf);
        }
        assertThat(acc.next).as("lines read back, or reported dropped in place").isEqualTo(FIRST + lines);
        assertThat(acc.noticed).as("bytes reported by notice lines").isEqualTo(dropped);
        assertThat(dropped).as("bytes dropped: the writer fell behind the service (load average %s)",
                Files.readString(Path.of("/proc/loadavg")).trim()).isZero();
    }
}
