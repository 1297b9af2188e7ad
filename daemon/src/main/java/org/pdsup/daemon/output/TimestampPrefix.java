package org.pdsup.daemon.output;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The per-line timestamp: RFC 3339 in UTC with milliseconds and a space, {@code 2026-11-26T17:02:03.123Z }
 * ({@value #LENGTH} bytes). Fixed width and UTC, so prefixes sort as text in time order. The date part is
 * formatted once per second; not thread-safe (one per writer).
 */
final class TimestampPrefix {
    static final int LENGTH = 25;
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);

    private final byte[] bytes = new byte[LENGTH];
    private long second = Long.MIN_VALUE;

    /** Puts the prefix for {@code millis} into {@code out}. */
    void put(ByteBuffer out, long millis) {
        out.put(format(millis), 0, LENGTH);
    }

    /** The prefix for {@code millis}; the array is reused by the next call. */
    byte[] format(long millis) {
        long sec = Math.floorDiv(millis, 1000);
        if (sec != second) {
            byte[] date = SECONDS.format(Instant.ofEpochSecond(sec)).getBytes(StandardCharsets.US_ASCII);
            if (date.length != 20) throw new IllegalStateException("year out of range for a timestamp: " + millis);
            System.arraycopy(date, 0, bytes, 0, 20);
            bytes[23] = 'Z';
            bytes[24] = ' ';
            second = sec;
        }
        int ms = Math.floorMod(millis, 1000);
        bytes[20] = (byte) ('0' + ms / 100);
        bytes[21] = (byte) ('0' + ms / 10 % 10);
        bytes[22] = (byte) ('0' + ms % 10);
        return bytes;
    }
}
