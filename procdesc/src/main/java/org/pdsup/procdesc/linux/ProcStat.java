package org.pdsup.procdesc.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.pdsup.procdesc.stats.StatFields;

/**
 * Fields of {@code /proc/PID/stat} (proc(5)): state, ppid and starttime (clock ticks after boot), and the
 * wall-clock start time computed as {@code btime} of {@code /proc/stat} plus starttime / CLK_TCK.
 */
record ProcStat(int pid, char state, int ppid, long startTicks) {

    /** Reads /proc/PID/stat; empty when the process does not exist (or is already reaped). */
    static Optional<ProcStat> read(int pid) {
        byte[] buf = StatFields.buffer(); // this thread's: no String, no copies per read
        int length = StatFields.read("/proc", pid, buf);
        if (length < 0) return Optional.empty(); // no such process, or it vanished between open and read
        return Optional.of(parse(pid, buf, length));
    }

    /**
     * Parses the first {@code length} bytes of {@code buf}, one stat line ({@link StatFields}: fields count from
     * the last ')', as comm may contain spaces and parentheses): field 3 (state), 4 (ppid), 22 (starttime).
     */
    static ProcStat parse(int pid, byte[] buf, int length) {
        return new ProcStat(pid, StatFields.character(buf, length, 3), (int) StatFields.number(buf, length, 4),
                StatFields.number(buf, length, 22));
    }

    Instant startTime() {
        return Boot.TIME.plusNanos(startTicks * (1_000_000_000L / Boot.HZ));
    }

    /** Length of one clock tick, the resolution of start times. */
    static long tickNanos() {
        return 1_000_000_000L / Boot.HZ;
    }

    /** Boot time and tick rate, read once per JVM so that start times computed here are comparable. */
    private static final class Boot {
        static final long HZ = clockTicks();
        static final Instant TIME = bootTime();

        private static long clockTicks() {
            long hz = Linux.libc().sysconf(LinuxConstants.SC_CLK_TCK);
            return hz > 0 ? hz : 100;
        }

        private static Instant bootTime() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                    if (line.startsWith("btime ")) return Instant.ofEpochSecond(Long.parseLong(line.substring(6).trim()));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read /proc/stat: " + e.getMessage(), e);
            }
            throw new IllegalStateException("/proc/stat has no btime line");
        }
    }
}
