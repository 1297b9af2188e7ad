package org.pdsup.pdctl;

import org.pdsup.protocol.ExitSummary;

/** Short human forms of durations, sizes and exits, for tables. */
final class Formats {
    private Formats() {}

    /** 59s, 3m12s, 4h5m, 2d4h (two units at most); "-" for a negative value. */
    static String uptime(long seconds) {
        if (seconds < 0) return "-";
        if (seconds < 60) return seconds + "s";
        long m = seconds / 60;
        if (m < 60) return m + "m" + seconds % 60 + "s";
        long h = m / 60;
        if (h < 24) return h + "h" + m % 60 + "m";
        return h / 24 + "d" + h % 24 + "h";
    }

    private static String two(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }

    /** 512B, 3.1K, 3.1M, 1.2G (powers of 1024). */
    static String bytes(long n) {
        if (n < 1024) return n + "B";
        double v = n;
        String[] units = {"K", "M", "G", "T"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return oneDecimal(v) + units[u];
    }

    /** 0.02s, 1.50s, 75s. */
    static String cpu(double seconds) {
        if (seconds >= 10) return Math.round(seconds) + "s";
        long hundredths = Math.round(Math.max(0, seconds) * 100); // not String.format: it costs start-up time
        return hundredths / 100 + "." + two(hundredths % 100) + "s";
    }

    private static String oneDecimal(double v) {
        long tenths = Math.round(v * 10);
        return tenths / 10 + "." + tenths % 10;
    }

    /** "exit 1 (cpu 0.02s, rss 3.1M)"; "-" when there is none. */
    static String exit(ExitSummary e) {
        if (e == null) return "-";
        return (e.exit() == null ? "?" : e.exit()) + " " + usage(e);
    }

    /** "(cpu 0.02s, rss 3.1M)": the resource usage of a run. */
    static String usage(ExitSummary e) {
        StringBuilder sb = new StringBuilder("(cpu ").append(cpu(e.cpuSeconds()));
        if (e.maxRssBytes() >= 0) sb.append(", rss ").append(bytes(e.maxRssBytes()));
        return sb.append(')').toString();
    }
}
