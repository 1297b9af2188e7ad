package org.pdsup.procdesc.stats;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one {@code /proc/PID/stat} line (Linux, proc(5); written by {@code do_task_stat} in
 * {@code fs/proc/array.c}) into a per-thread byte buffer and reads fields from the bytes, without a String per
 * read: pdsupd reads it for every spawned process (start time, group, session), so per-read garbage adds up
 * (docs/benchmarks.md, "Allocation per restart"). Field numbers are proc(5)'s, counting from 1; {@code (2) comm}
 * is in parentheses and may itself contain spaces and parentheses, so fields are counted from the <em>last</em>
 * {@code ')'}.
 */
public final class StatFields {
    /** A stat line is well under 1 KiB (comm is at most 16 bytes; 52 numeric fields). */
    static final int BUFFER_SIZE = 4096;
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[BUFFER_SIZE]);

    private StatFields() {}

    /** This thread's buffer, for {@link #read}; its contents last until this thread's next read. */
    public static byte[] buffer() {
        return BUFFER.get();
    }

    /**
     * Reads {@code procRoot/pid/stat} into {@code buf}; returns the length read, or -1 when there is no such
     * process (or it vanished while being read: ESRCH, or an empty file).
     */
    public static int read(String procRoot, int pid, byte[] buf) {
        int total = 0;
        try (FileInputStream in = new FileInputStream(procRoot + "/" + pid + "/stat")) {
            while (total < buf.length) {
                int n = in.read(buf, total, buf.length - total);
                if (n < 0) break;
                total += n;
            }
        } catch (FileNotFoundException e) {
            return -1;
        } catch (IOException e) {
            return -1;
        }
        return total == 0 ? -1 : total;
    }

    /**
     * The index of the ')' that ends field 2, the command name: the last one of the line, since the name itself
     * may hold ')' and spaces (proc(5)).
     */
    public static int commEnd(byte[] buf, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (buf[i] == ')') return i;
        }
        throw new IllegalArgumentException("/proc stat line without ')': " + text(buf, length));
    }

    /** The index in {@code buf} where field {@code field} (3 or more) starts. */
    public static int start(byte[] buf, int length, int field) {
        int i = commEnd(buf, length) + 2; // field 3 (state) starts after ") "
        for (int f = 3; f < field; f++) {
            while (i < length && buf[i] != ' ' && buf[i] != '\n') i++;
            i++;
        }
        if (i >= length || buf[i] == ' ' || buf[i] == '\n') {
            throw new IllegalArgumentException("/proc stat line has no field " + field + ": " + text(buf, length));
        }
        return i;
    }

    /** Field {@code field}'s first character (field 3, the state: R, S, Z, X...). */
    public static char character(byte[] buf, int length, int field) {
        return (char) (buf[start(buf, length, field)] & 0xff);
    }

    /** Field {@code field} as a decimal number (a leading '-' allowed, as in tty_nr or priority). */
    public static long number(byte[] buf, int length, int field) {
        int i = start(buf, length, field);
        boolean negative = buf[i] == '-';
        if (negative) i++;
        int from = i;
        long v = 0;
        for (; i < length && buf[i] != ' ' && buf[i] != '\n'; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) throw new IllegalArgumentException("/proc stat field " + field
                    + " is not a number: " + text(buf, length));
            v = v * 10 + d;
        }
        if (i == from) throw new IllegalArgumentException("/proc stat field " + field + " is not a number: "
                + text(buf, length));
        return negative ? -v : v;
    }

    /** The line as text, for error messages (at most 512 bytes). */
    public static String text(byte[] buf, int length) {
        return new String(buf, 0, Math.min(length, 512), StandardCharsets.US_ASCII).strip();
    }
}
