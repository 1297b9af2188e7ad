package org.pdsup.daemon.control;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * {@link Instant#toString()}'s text ({@code DateTimeFormatter.ISO_INSTANT}: "2026-12-07T20:11:03.123456Z", the
 * fraction in groups of three digits as needed, none when zero) without the formatter's builders: every event
 * carries one or two times, so the formatter's garbage was a large part of an event's (docs/benchmarks.md,
 * "Allocation per restart"). Years 0 to 9999 are written here; any other goes to {@link Instant#toString()}.
 */
final class IsoInstant {
    private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[32]);

    private IsoInstant() {}

    static String format(Instant t) {
        long s = t.getEpochSecond();
        if (s < MIN_SECOND || s > MAX_SECOND) return t.toString();
        long days = Math.floorDiv(s, 86_400L);
        int secOfDay = (int) Math.floorMod(s, 86_400L);
        // civil_from_days (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"): proleptic Gregorian
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));

        byte[] b = SCRATCH.get();
        digits(b, 0, year, 4);
        b[4] = '-';
        digits(b, 5, month, 2);
        b[7] = '-';
        digits(b, 8, day, 2);
        b[10] = 'T';
        digits(b, 11, secOfDay / 3600, 2);
        b[13] = ':';
        digits(b, 14, secOfDay / 60 % 60, 2);
        b[16] = ':';
        digits(b, 17, secOfDay % 60, 2);
        int n = 19;
        int nano = t.getNano();
        if (nano > 0) {
            b[n++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(b, n, nano / 1_000_000, 3);
                n += 3;
            } else if (nano % 1000 == 0) {
                digits(b, n, nano / 1000, 6);
                n += 6;
            } else {
                digits(b, n, nano, 9);
                n += 9;
            }
        }
        b[n++] = 'Z';
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
