package org.pdsup.pdctl;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time of {@code logs --since}: a duration back from now ({@code 10m}, {@code 2h}, {@code 1d}, {@code 90s};
 * a bare number is seconds), or a time: ISO-8601 with a zone ({@code 2026-12-07T03:00:00Z},
 * {@code …+01:00}), or in the local time zone ({@code 2026-12-07T03:00}, {@code 2026-12-07 03:00:15},
 * {@code 2026-12-07} for its midnight, {@code 03:00} for today).
 */
final class SinceTime {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");
    private static final Pattern TIME_OF_DAY = Pattern.compile("\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");

    private SinceTime() {}

    /** The instant {@code text} names, durations counted back from {@code now}, local times in {@code zone}. */
    static Instant parse(String text, Instant now, ZoneId zone) throws UsageException {
        String s = text.trim();
        Matcher d = DURATION.matcher(s);
        if (d.matches()) {
            long n = Long.parseLong(d.group(1));
            String unit = d.group(2) == null ? "s" : d.group(2);
            long millis = switch (unit) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n * 86_400_000;
            };
            return now.minusMillis(millis);
        }
        String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + "T" + s.substring(11) : s;
        try {
            if (iso.endsWith("Z") || iso.endsWith("z") || iso.matches(".*T.*[+-]\\d{2}:?\\d{2}$")) {
                return OffsetDateTime.parse(iso.toUpperCase(java.util.Locale.ROOT)).toInstant();
            }
            if (iso.length() == 10) return LocalDate.parse(iso).atStartOfDay(zone).toInstant();
            if (TIME_OF_DAY.matcher(iso).matches()) {
                return LocalDate.ofInstant(now, zone).atTime(LocalTime.parse(iso)).atZone(zone).toInstant();
            }
            return LocalDateTime.parse(iso).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new UsageException("invalid time '" + text + "' for --since (use a duration such as 10m, 2h or 1d,"
                    + " or a time such as 2026-12-07T03:00:00Z, 2026-12-07 03:00 or 03:00 in local time)");
        }
    }
}
