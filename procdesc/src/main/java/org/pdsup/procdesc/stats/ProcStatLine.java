package org.pdsup.procdesc.stats;

/**
 * The fields pdsup needs from one {@code /proc/PID/stat} line (Linux, proc(5); written by {@code do_task_stat}
 * in {@code fs/proc/array.c}). Field numbers are proc(5)'s, counting from 1:
 * {@code (2) comm} is in parentheses and may itself contain spaces and parentheses, so fields are counted
 * from the <em>last</em> {@code ')'}; then {@code (14) utime} and {@code (15) stime} in clock ticks and
 * {@code (24) rss} in pages.
 *
 * <p>{@code rss} is {@code get_mm_rss(mm)}: file + anonymous + shmem pages, the same count as the second field
 * ("resident") of {@code /proc/PID/statm} ({@code task_statm} in {@code fs/proc/task_mmu.c}), so one read of
 * {@code stat} gives both CPU and memory.
 */
record ProcStatLine(long utimeTicks, long stimeTicks, long rssPages) {

    static final int FIELD_UTIME = 14;
    static final int FIELD_STIME = 15;
    static final int FIELD_RSS = 24;

    /** Parses the first {@code length} bytes of {@code buf}, which hold one stat line. */
    static ProcStatLine parse(byte[] buf, int length) {
        int paren = StatFields.commEnd(buf, length);
        // Field 3 (state) starts after ") ".
        int field = 3;
        int i = paren + 2;
        long utime = -1;
        long stime = -1;
        long rss = -1;
        while (i < length && field <= FIELD_RSS) {
            int end = i;
            while (end < length && buf[end] != ' ' && buf[end] != '\n') end++;
            if (field == FIELD_UTIME) utime = number(buf, i, end, field, length);
            else if (field == FIELD_STIME) stime = number(buf, i, end, field, length);
            else if (field == FIELD_RSS) rss = number(buf, i, end, field, length);
            field++;
            i = end + 1;
        }
        if (rss < 0) throw new IllegalArgumentException("/proc stat line has fewer than " + FIELD_RSS
                + " fields: " + text(buf, length));
        return new ProcStatLine(utime, stime, rss);
    }

    private static long number(byte[] buf, int from, int to, int field, int length) {
        if (from >= to) throw new IllegalArgumentException("/proc stat field " + field + " is empty: "
                + text(buf, length));
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) throw new IllegalArgumentException("/proc stat field " + field
                    + " is not a number: " + text(buf, length));
            v = v * 10 + d;
        }
        return v;
    }

    private static String text(byte[] buf, int length) {
        return StatFields.text(buf, length);
    }
}
