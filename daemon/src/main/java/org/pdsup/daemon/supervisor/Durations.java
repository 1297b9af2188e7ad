package org.pdsup.daemon.supervisor;

import java.time.Duration;

/** The one way the supervisor writes a duration into a log line, a reason or an error message. */
public final class Durations {
    private Durations() {}

    /**
     * "1.8ms" under 10 ms, "12ms" under a second, then seconds with the milliseconds that are not zero:
     * "2s", "1.5s", "1.234s".
     */
    public static String format(Duration d) {
        long us = Math.max(0, d.toNanos() / 1000);
        if (us < 10_000) return (us / 1000) + "." + (us % 1000 / 100) + "ms";
        long ms = us / 1000;
        if (ms < 1000) return ms + "ms";
        StringBuilder b = new StringBuilder().append(ms / 1000);
        long frac = ms % 1000;
        if (frac != 0) {
            b.append('.');
            if (frac < 100) b.append('0');
            if (frac < 10) b.append('0');
            b.append(frac);
            while (b.charAt(b.length() - 1) == '0') b.setLength(b.length() - 1);
        }
        return b.append('s').toString();
    }

    /** Seconds of CPU time with three decimals ("1.234s", as {@code %.3fs}), cheap enough for every exit. */
    static void appendSeconds(StringBuilder b, double seconds) {
        long ms = Math.round(Math.max(0, seconds) * 1000);
        long frac = ms % 1000;
        b.append(ms / 1000).append('.');
        if (frac < 100) b.append('0');
        if (frac < 10) b.append('0');
        b.append(frac).append('s');
    }
}
