package org.pdsup.procdesc.stats;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Optional;

import jnr.ffi.LibraryLoader;

/**
 * Linux: one read of {@code /proc/PID/stat} per sample (see {@link ProcStatLine} for the fields). CPU ticks
 * are divided by {@code sysconf(_SC_CLK_TCK)} and resident pages multiplied by {@code getpagesize()}, both
 * read once through jnr-ffi.
 */
final class LinuxProcessStats implements ProcessStats {

    /** A stat line is well under 1 KiB (comm is at most 16 bytes; 52 numeric fields). */
    private static final int BUFFER_SIZE = 4096;

    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[BUFFER_SIZE]);

    private final String procRoot;
    private final double ticksPerSecond;
    private final long pageSize;

    LinuxProcessStats(String procRoot, long ticksPerSecond, long pageSize) {
        if (ticksPerSecond <= 0) throw new IllegalArgumentException("clock ticks per second: " + ticksPerSecond);
        if (pageSize <= 0) throw new IllegalArgumentException("page size: " + pageSize);
        this.procRoot = procRoot;
        this.ticksPerSecond = ticksPerSecond;
        this.pageSize = pageSize;
    }

    static LinuxProcessStats create() {
        LinuxStatsLibc libc = LibraryLoader.create(LinuxStatsLibc.class).load("c");
        long hz = libc.sysconf(LinuxStatsLibc.SC_CLK_TCK);
        int pageSize = libc.getpagesize();
        return new LinuxProcessStats("/proc", hz, pageSize);
    }

    double ticksPerSecond() {
        return ticksPerSecond;
    }

    long pageSize() {
        return pageSize;
    }

    @Override
    public Optional<ProcessSample> sample(int pid) {
        if (pid <= 0) throw new IllegalArgumentException("pid must be positive: " + pid);
        byte[] buf = BUFFER.get();
        int length;
        try (FileInputStream in = new FileInputStream(procRoot + "/" + pid + "/stat")) {
            length = readFully(in, buf);
        } catch (FileNotFoundException e) {
            return Optional.empty();                      // no such process (any more)
        } catch (IOException e) {
            return Optional.empty();                      // ESRCH while reading: it just exited
        }
        if (length == 0) return Optional.empty();
        ProcStatLine line = ProcStatLine.parse(buf, length);
        return Optional.of(new ProcessSample(line.rssPages() * pageSize,
                line.utimeTicks() / ticksPerSecond, line.stimeTicks() / ticksPerSecond));
    }

    private static int readFully(FileInputStream in, byte[] buf) throws IOException {
        int total = 0;
        while (total < buf.length) {
            int n = in.read(buf, total, buf.length - total);
            if (n < 0) break;
            total += n;
        }
        return total;
    }
}
