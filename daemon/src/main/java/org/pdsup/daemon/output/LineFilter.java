package org.pdsup.daemon.output;

import java.time.Instant;
import java.util.Arrays;

/**
 * Which lines a {@code logs} stream wants ({@code pdctl logs --since … --stdout|--stderr}): one stream's or both,
 * and those written at or after a time, by the {@link TimestampPrefix} each line starts with (a line without
 * one is left out when a time is given). Immutable; any thread.
 */
public final class LineFilter {
    /** Every line. */
    public static final LineFilter ALL = new LineFilter(null, null);

    /** The stream wanted, or null for both. */
    private final StreamKind stream;
    /** The first {@code TimestampPrefix.LENGTH - 1} bytes of the earliest timestamp wanted, or null. */
    private final byte[] since;

    private LineFilter(StreamKind stream, byte[] since) {
        this.stream = stream;
        this.since = since;
    }

    /**
     * @param stream "stdout", "stderr" or null for both
     * @param since  the earliest time wanted (milliseconds count, as the timestamps have them), or null
     */
    public static LineFilter of(String stream, Instant since) {
        StreamKind kind = null;
        if (stream != null) {
            kind = switch (stream) {
                case "stdout" -> StreamKind.STDOUT;
                case "stderr" -> StreamKind.STDERR;
                default -> throw new IllegalArgumentException("stream must be stdout or stderr, not " + stream);
            };
        }
        byte[] from = null;
        if (since != null) {
            // a time before 0000 or after 9999 does not fit the prefix: clamp to what every timestamp sorts after
            long millis = Math.max(since.toEpochMilli(), -62_167_219_200_000L);
            from = Arrays.copyOf(new TimestampPrefix().format(Math.min(millis, 253_402_300_799_999L)),
                    TimestampPrefix.LENGTH - 1);
        }
        return stream == null && since == null ? ALL : new LineFilter(kind, from);
    }

    /** True when only one stream is wanted. */
    boolean byStream() {
        return stream != null;
    }

    /** True when a file of {@code kind} can hold wanted lines. */
    boolean wants(StreamKind kind) {
        return stream == null || stream == kind;
    }

    /** True when the line (of {@code kind}, {@code len} bytes from 0) is wanted. */
    boolean accepts(StreamKind kind, byte[] line, int off, int len) {
        if (stream != null && stream != kind) return false;
        if (since == null) return true;
        int n = since.length;
        if (len < n || !isTimestamp(line, off)) return false;
        return Arrays.compare(line, off, off + n, since, 0, n) >= 0;
    }

    /** {@code 2026-11-26T17:02:03.123Z}: digits where digits go, the separators where they go. */
    static boolean isTimestamp(byte[] b, int off) {
        String shape = "dddd-dd-ddTdd:dd:dd.dddZ";
        for (int i = 0; i < shape.length(); i++) {
            byte c = b[off + i];
            char want = shape.charAt(i);
            if (want == 'd' ? c < '0' || c > '9' : c != want) return false;
        }
        return true;
    }
}
