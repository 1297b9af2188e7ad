package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.pdsup.config.StartLimit;

/** The start limit alone, on instants the test chooses. */
class StartLimiterTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    @Test
    void refusesTheStartAfterBurstStartsWithinTheInterval() {
        StartLimiter l = new StartLimiter(new StartLimit(3, Duration.ofSeconds(60)));
        assertThat(l.tryStart(at(0))).isTrue();
        assertThat(l.tryStart(at(1_000))).isTrue();
        assertThat(l.tryStart(at(2_000))).isTrue();
        assertThat(l.tryStart(at(59_999))).as("a fourth start within 60 s").isFalse();
        assertThat(l.describe()).isEqualTo("more than 3 starts within 60s");
    }

    @Test
    void startsOlderThanTheIntervalNoLongerCount() {
        StartLimiter l = new StartLimiter(new StartLimit(2, Duration.ofSeconds(10)));
        assertThat(l.tryStart(at(0))).isTrue();
        assertThat(l.tryStart(at(5_000))).isTrue();
        assertThat(l.tryStart(at(10_000))).as("the first is exactly 10 s old: still inside").isFalse();
        assertThat(l.tryStart(at(10_001))).as("the first has left the window").isTrue();
        assertThat(l.tryStart(at(10_002))).isFalse();
    }

    @Test
    void aRefusedStartIsNotCounted() {
        StartLimiter l = new StartLimiter(new StartLimit(1, Duration.ofSeconds(10)));
        assertThat(l.tryStart(at(0))).isTrue();
        assertThat(l.tryStart(at(9_000))).isFalse();
        assertThat(l.tryStart(at(10_001))).as("only the start at 0 was counted").isTrue();
    }

    @Test
    void anOperatorStartClearsTheHistoryAndANewLimitAppliesAtOnce() {
        StartLimiter l = new StartLimiter(new StartLimit(1, Duration.ofSeconds(60)));
        assertThat(l.tryStart(at(0))).isTrue();
        l.reset();
        assertThat(l.tryStart(at(1))).isTrue();
        l.update(new StartLimit(3, Duration.ofMillis(1500)));
        assertThat(l.tryStart(at(2))).isTrue();
        assertThat(l.describe()).isEqualTo("more than 3 starts within 1.5s");
    }
}
