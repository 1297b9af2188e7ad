package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link IsoInstant}: the same text as {@link Instant#toString()}, for every kind of instant. */
class IsoInstantTest {

    private static void same(Instant t) {
        assertThat(IsoInstant.format(t)).as("%s (%d s, %d ns)", t, t.getEpochSecond(), t.getNano())
                .isEqualTo(t.toString());
    }

    @Test
    void edgesReadAsInstantToString() {
        same(Instant.EPOCH);
        same(Instant.ofEpochSecond(0, 1));
        same(Instant.ofEpochSecond(-1, 999_999_999));
        same(Instant.ofEpochSecond(1_796_674_263L, 120_000_000)); // .120
        same(Instant.ofEpochSecond(1_796_674_263L, 123_456_000)); // .123456
        same(Instant.ofEpochSecond(1_796_674_263L, 123_456_789));
        same(Instant.ofEpochSecond(1_796_674_263L, 100));
        same(Instant.parse("2024-02-29T23:59:59.5Z"));
        same(Instant.parse("2000-03-01T00:00:00Z"));
        same(Instant.parse("1900-02-28T12:00:00Z"));
        same(Instant.parse("0000-01-01T00:00:00Z"));
        same(Instant.parse("9999-12-31T23:59:59.999999999Z"));
        same(Instant.parse("+10000-01-01T00:00:00Z")); // past four digits: Instant's own text
        same(Instant.parse("-0001-12-31T23:59:59Z"));
        same(Instant.MAX);
        same(Instant.MIN);
        same(Instant.now());
    }

    @Test
    void randomInstantsReadAsInstantToString() {
        SplittableRandom r = new SplittableRandom(22);
        for (int i = 0; i < 200_000; i++) {
            long s = r.nextLong(-62_167_219_200L - 1000, 253_402_300_799L + 1000);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            same(Instant.ofEpochSecond(s, nano));
        }
    }
}
