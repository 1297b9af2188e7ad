package org.pdsup.procdesc.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Fields of {@code /proc/PID/stat} (proc(5)): state, ppid and starttime (clock ticks after boot), and the
 * wall-clock start time computed as {@code btime} of {@code /proc/stat} plus starttime / CLK_TCK.
 */
record ProcStat(int pid, char state, int ppid, long startTicks) {

    /** Reads /proc/PID/stat; empty when the process does not exist (or is already reaped). */
    static Optional<ProcStat> read(int pid) {
        String text;
        try {
            text = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // ESRCH while reading: the process vanished between open and read
            return Optional.empty();
        }
        return Optional.of(parse(pid, text));
    }

    /** Parses a stat line; comm (field 2) may contain spaces and parentheses, so fields count from the last ')'. */
    static ProcStat parse(int pid, String text) {
        int close = text.lastIndexOf(')');
        if (close < 0) throw new IllegalArgumentException("malformed /proc/" + pid + "/stat: " + text);
        String[] f = text.substring(close + 2).trim().split(" ");
        // f[0] = field 3 (state), f[1] = field 4 (ppid), f[19] = field 22 (starttime)
        return new ProcStat(pid, f[0].charAt(0), Integer.parseInt(f[1]), Long.parseLong(f[19]));
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
