package org.pdsup.procdesc.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProcStatLineTest {

    private static ProcStatLine parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        return ProcStatLine.parse(b, b.length);
    }

    @Test
    void readsUtimeStimeAndRssByFieldNumber() {
        // A line as Linux 6.x writes it (52 fields), utime 1234, stime 56, rss 7890.
        String line = "4242 (sleep) S 1 4242 4242 0 -1 4194560 98 0 0 0 1234 56 0 0 20 0 1 0 123456 "
                + "8617984 7890 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
        ProcStatLine p = parse(line);
        assertThat(p.utimeTicks()).isEqualTo(1234);
        assertThat(p.stimeTicks()).isEqualTo(56);
        assertThat(p.rssPages()).isEqualTo(7890);
    }

    @Test
    void countsFieldsFromTheLastParenthesisSoACommWithSpacesAndParensCannotShiftThem() {
        String line = "77 (a) b (c) S 1 77 77 0 -1 0 0 0 0 0 11 22 0 0 20 0 1 0 5 100 33 0 0";
        ProcStatLine p = parse(line);
        assertThat(p.utimeTicks()).isEqualTo(11);
        assertThat(p.stimeTicks()).isEqualTo(22);
        assertThat(p.rssPages()).isEqualTo(33);
    }

    @Test
    void refusesATruncatedLineSayingWhy() {
        assertThatThrownBy(() -> parse("77 (x) S 1 2 3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fewer than 24 fields").hasMessageContaining("77 (x) S 1 2 3");
    }

    @Test
    void refusesALineWithoutComm() {
        assertThatThrownBy(() -> parse("garbage")).hasMessageContaining("without ')'");
    }

    @Test
    void refusesANonNumericField() {
        String line = "77 (x) S 1 77 77 0 -1 0 0 0 0 0 1x 22 0 0 20 0 1 0 5 100 33 0 0";
        assertThatThrownBy(() -> parse(line)).hasMessageContaining("field 14 is not a number");
    }
}
