package org.pdsup.config;

import java.time.Duration;

/** Short text for sizes ({@code 10MiB}) and durations ({@code 30s}), as written in configuration files. */
final class Sizes {
    private Sizes() {}

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    static String format(long bytes) {
        if (bytes == Long.MAX_VALUE) return "infinity";
        int unit = 0;
        long n = bytes;
        while (n != 0 && n % 1024 == 0 && unit < UNITS.length - 1) {
            n /= 1024;
            unit++;
        }
        return unit == 0 ? String.valueOf(bytes) : n + UNITS[unit];
    }

    static String format(Duration d) {
        long s = d.getSeconds();
        int nano = d.getNano();
        if (nano != 0) {
            return nano % 1_000_000 == 0 ? (s * 1000 + nano / 1_000_000) + "ms" : d.toNanos() + "ns";
        }
        if (s == 0) return "0s";
        if (s % 3600 == 0) return (s / 3600) + "h";
        if (s % 60 == 0) return (s / 60) + "m";
        return s + "s";
    }
}
