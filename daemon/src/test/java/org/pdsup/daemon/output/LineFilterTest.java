package org.pdsup.daemon.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** logs --since and --stdout/--stderr: which lines a filter takes, by the timestamp prefix the writer puts. */
class LineFilterTest {
    private static boolean takes(LineFilter f, StreamKind k, String line) {
        byte[] b = ("xx" + line).getBytes(StandardCharsets.UTF_8);
        return f.accepts(k, b, 2, b.length - 2);
    }

    @Test
    void sinceComparesTheTimestampToTheMillisecondAndLeavesOutUntimedLines() {
        LineFilter f = LineFilter.of(null, Instant.parse("2026-12-07T03:00:00.250Z"));
        assertThat(takes(f, StreamKind.STDOUT, "2026-12-07T03:00:00.250Z at the instant")).isTrue();
        assertThat(takes(f, StreamKind.STDERR, "2026-12-07T03:00:01.000Z later")).isTrue();
        assertThat(takes(f, StreamKind.STDOUT, "2026-12-07T03:00:00.249Z a millisecond early")).isFalse();
        assertThat(takes(f, StreamKind.STDOUT, "2026-12-06T23:59:59.999Z the day before")).isFalse();
        assertThat(takes(f, StreamKind.STDOUT, "no timestamp at all, but long enough")).isFalse();
        assertThat(takes(f, StreamKind.STDOUT, "short")).isFalse();
        // the prefix is what TimestampPrefix writes
        byte[] written = new TimestampPrefix().format(Instant.parse("2026-12-07T03:00:00.250Z").toEpochMilli());
        assertThat(LineFilter.isTimestamp(written, 0)).isTrue();
        assertThat(f.accepts(StreamKind.STDOUT, written, 0, written.length)).isTrue();
    }

    @Test
    void aStreamFilterTakesThatStreamOnly() {
        LineFilter err = LineFilter.of("stderr", null);
        assertThat(takes(err, StreamKind.STDERR, "oops")).isTrue();
        assertThat(takes(err, StreamKind.STDOUT, "fine")).isFalse();
        assertThat(err.wants(StreamKind.STDOUT)).isFalse();
        assertThat(err.byStream()).isTrue();
        assertThat(LineFilter.of(null, null)).isSameAs(LineFilter.ALL);
        assertThat(LineFilter.ALL.wants(StreamKind.STDOUT)).isTrue();
    }

    @Test
    void timesBeyondWhatThePrefixCanHoldAreClamped() {
        LineFilter early = LineFilter.of(null, Instant.parse("-1000-01-01T00:00:00Z"));
        assertThat(takes(early, StreamKind.STDOUT, "0001-01-01T00:00:00.000Z old")).isTrue();
        LineFilter late = LineFilter.of(null, Instant.parse("+20000-01-01T00:00:00Z"));
        assertThat(takes(late, StreamKind.STDOUT, "9999-12-31T23:59:59.998Z nearly the end")).isFalse();
    }
}
