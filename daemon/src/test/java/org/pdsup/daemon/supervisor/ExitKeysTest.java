package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.Signal;

/** {@link ExitKeys}: the exit-counter keys, the same text whether made or reused, never mixed up. */
class ExitKeysTest {

    @Test
    void keysReadAsBefore() {
        for (int round = 0; round < 2; round++) { // the second round reads the reused keys
            assertThat(ExitKeys.of(ExitStatus.exited(3, null), false)).isEqualTo("exit:3");
            assertThat(ExitKeys.of(ExitStatus.exited(3, null), true)).isEqualTo("stopped:exit:3");
            assertThat(ExitKeys.of(ExitStatus.exited(0, null), false)).isEqualTo("exit:0");
            assertThat(ExitKeys.of(ExitStatus.exited(255, null), true)).isEqualTo("stopped:exit:255");
            assertThat(ExitKeys.of(ExitStatus.exited(300, null), false)).isEqualTo("exit:300");
            assertThat(ExitKeys.of(ExitStatus.exited(-1, null), true)).isEqualTo("stopped:exit:-1");
            assertThat(ExitKeys.of(ExitStatus.signaled(15, Signal.TERM, false, null), true))
                    .isEqualTo("stopped:signal:TERM");
            assertThat(ExitKeys.of(ExitStatus.signaled(9, Signal.KILL, true, null), false)).isEqualTo("signal:KILL");
            assertThat(ExitKeys.of(ExitStatus.signaled(40, null, false, null), false)).isEqualTo("signal:40");
            assertThat(ExitKeys.of(ExitStatus.unknown(), false)).isEqualTo("unknown:unknown");
            assertThat(ExitKeys.of(ExitStatus.unknown(), true)).isEqualTo("stopped:unknown:unknown");
        }
    }

    @Test
    void aCommonKeyIsMadeOnce() {
        assertThat(ExitKeys.of(ExitStatus.exited(1, null), false)).isSameAs(ExitKeys.of(ExitStatus.exited(1, null), false));
    }
}
