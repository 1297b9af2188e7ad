package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.pdsup.config.Backoff;

/** The restart delay alone: no processes, no clock, the random draw given by the test. */
class BackoffScheduleTest {
    private static Backoff policy(long initialMs, double multiplier, long maxMs, double jitter, long resetAfterMs) {
        return new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(maxMs), multiplier, jitter,
                Duration.ofMillis(resetAfterMs));
    }

    private static List<Long> delays(BackoffSchedule s, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(s.nextDelay().toMillis());
        return out;
    }

    @Test
    void growsByTheMultiplierUpToTheCap() {
        BackoffSchedule s = new BackoffSchedule(policy(100, 2.0, 1000, 0, 60_000), () -> 0.5);
        assertThat(delays(s, 6)).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
        assertThat(s.attempt()).isEqualTo(6);
    }

    @Test
    void aRunAsLongAsResetAfterStartsTheSequenceAgain() {
        BackoffSchedule s = new BackoffSchedule(policy(100, 4.0, 10_000, 0, 300), () -> 0.5);
        assertThat(delays(s, 2)).containsExactly(100L, 400L);
        s.runEnded(Duration.ofMillis(299));
        assertThat(s.nextDelay()).isEqualTo(Duration.ofMillis(1600));
        s.runEnded(Duration.ofMillis(300));
        assertThat(s.nextDelay()).isEqualTo(Duration.ofMillis(100));
        s.runEnded(null);
        assertThat(s.nextDelay()).as("a run of unknown length resets nothing").isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void anOperatorStartBeginsAgainAndANewPolicyKeepsTheAttempt() {
        BackoffSchedule s = new BackoffSchedule(policy(100, 2.0, 10_000, 0, 60_000), () -> 0.5);
        delays(s, 3);
        s.reset();
        assertThat(s.nextDelay()).isEqualTo(Duration.ofMillis(100));
        s.update(policy(10, 3.0, 10_000, 0, 60_000));
        assertThat(s.nextDelay()).as("attempt 1 under the new policy").isEqualTo(Duration.ofMillis(30));
    }

    @ParameterizedTest(name = "jitter {0}, draw {1} -> {2} ms")
    @CsvSource({
        "0.0, 0.0, 1000",
        "0.0, 1.0, 1000",
        "0.2, 0.0, 800",
        "0.2, 0.5, 1000",
        "0.2, 1.0, 1200",
        "0.5, 0.25, 750",
    })
    void jitterSpreadsTheDelayByTheDraw(double jitter, double draw, long expectedMs) {
        BackoffSchedule s = new BackoffSchedule(policy(1000, 2.0, 10_000, jitter, 60_000), () -> draw);
        assertThat(s.nextDelay()).isEqualTo(Duration.ofMillis(expectedMs));
    }

    @Test
    void jitterNeverTakesTheDelayPastTheCap() {
        BackoffSchedule s = new BackoffSchedule(policy(1000, 2.0, 1000, 0.5, 60_000), () -> 1.0);
        assertThat(s.nextDelay()).isEqualTo(Duration.ofMillis(1000));
    }
}
