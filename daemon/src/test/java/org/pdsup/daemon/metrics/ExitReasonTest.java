package org.pdsup.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitReasonTest {

    @Test
    void splitsTheSnapshotKeysIntoReasonAndCode() {
        assertThat(ExitReason.parse("exit:0")).isEqualTo(new ExitReason("exit", "0"));
        assertThat(ExitReason.parse("exit:127")).isEqualTo(new ExitReason("exit", "127"));
        assertThat(ExitReason.parse("signal:KILL")).isEqualTo(new ExitReason("signal", "KILL"));
    }

    @Test
    void aRunPdsupdWasAskedToEndHasReasonStoppedAndHowItEnded() {
        assertThat(ExitReason.parse("stopped:signal:TERM")).isEqualTo(new ExitReason("stopped", "TERM"));
        assertThat(ExitReason.parse("stopped:signal:KILL")).isEqualTo(new ExitReason("stopped", "KILL"));
        assertThat(ExitReason.parse("stopped:exit:0")).isEqualTo(new ExitReason("stopped", "0"));
    }

    @Test
    void keepsAKeyOfAnotherFormAsUnknown() {
        assertThat(ExitReason.parse("unknown")).isEqualTo(new ExitReason("unknown", "unknown"));
        assertThat(ExitReason.parse("lost:x")).isEqualTo(new ExitReason("unknown", "lost:x"));
        assertThat(ExitReason.parse(":1")).isEqualTo(new ExitReason("unknown", ":1"));
    }
}
