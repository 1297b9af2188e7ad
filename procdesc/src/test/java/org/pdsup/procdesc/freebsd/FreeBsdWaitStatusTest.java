package org.pdsup.procdesc.freebsd;

import java.time.Duration;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ResourceUsage;
import org.pdsup.procdesc.Signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The W* macros of sys/sys/wait.h with FreeBSD encodings (platform-facts 1.6): exit code in bits 8..15, signal
 * in bits 0..6, core flag 0x80, stopped = 0177 in the low bits, continued = the whole status 0x13 (Linux: 0xffff).
 * Statuses are built as the kernel builds them: {@code KW_EXITCODE(xexit, xsig) = ((xexit & 0xff) << 8) | xsig}.
 */
class FreeBsdWaitStatusTest {

    private static int kwExitcode(int xexit, int xsig) {
        return ((xexit & 0xff) << 8) | xsig;
    }

    private static final ResourceUsage USAGE = new ResourceUsage(Duration.ofMillis(5), Duration.ofMillis(7),
            OptionalLong.of(4096));

    @Test
    void exitCodes() {
        for (int code : new int[] {0, 1, 3, 127, 255}) {
            int s = kwExitcode(code, 0);
            assertThat(FreeBsdWaitStatus.ifExited(s)).isTrue();
            assertThat(FreeBsdWaitStatus.ifSignaled(s)).isFalse();
            assertThat(FreeBsdWaitStatus.exitStatus(s)).isEqualTo(code);
            ExitStatus e = FreeBsdWaitStatus.decode(s, USAGE);
            assertThat(e.kind()).isEqualTo(ExitStatus.Kind.EXITED);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.usage()).isSameAs(USAGE);
        }
        assertThat(FreeBsdWaitStatus.exitStatus(kwExitcode(256 + 4, 0))).as("only the low 8 bits of _exit").isEqualTo(4);
    }

    @Test
    void deathsBySignalUseFreeBsdNumbers() {
        ExitStatus term = FreeBsdWaitStatus.decode(kwExitcode(0, 15), null);
        assertThat(term.kind()).isEqualTo(ExitStatus.Kind.SIGNALED);
        assertThat(term.signal()).isEqualTo(Signal.TERM);
        assertThat(term.coreDumped()).isFalse();
        ExitStatus usr1 = FreeBsdWaitStatus.decode(kwExitcode(0, 30), null);
        assertThat(usr1.signal()).as("30 is SIGUSR1 on FreeBSD").isEqualTo(Signal.USR1);
        assertThat(usr1.signalNumber()).isEqualTo(30);
        ExitStatus bus = FreeBsdWaitStatus.decode(kwExitcode(0, 10), null);
        assertThat(bus.signal()).as("10 is SIGBUS on FreeBSD (SIGUSR1 on Linux)").isEqualTo(Signal.BUS);
        ExitStatus kill = FreeBsdWaitStatus.decode(9, null);
        assertThat(kill.signal()).isEqualTo(Signal.KILL);
    }

    @Test
    void coreFlagIs0x80() {
        int s = kwExitcode(0, 11 | 0x80);
        assertThat(s).isEqualTo(0x8b);
        assertThat(FreeBsdWaitStatus.ifSignaled(s)).isTrue();
        assertThat(FreeBsdWaitStatus.termSig(s)).isEqualTo(11);
        assertThat(FreeBsdWaitStatus.coreDump(s)).isTrue();
        ExitStatus e = FreeBsdWaitStatus.decode(s, null);
        assertThat(e.signal()).isEqualTo(Signal.SEGV);
        assertThat(e.coreDumped()).isTrue();
        assertThat(e.toString()).isEqualTo("signal SEGV (core dumped)");
        assertThat(FreeBsdWaitStatus.decode(kwExitcode(0, 6 | 0x80), null).signal()).isEqualTo(Signal.ABRT);
    }

    @Test
    void signalsWithoutAPortableNameKeepTheirNumber() {
        ExitStatus info = FreeBsdWaitStatus.decode(29, null); // SIGINFO
        assertThat(info.kind()).isEqualTo(ExitStatus.Kind.SIGNALED);
        assertThat(info.signal()).isNull();
        assertThat(info.signalNumber()).isEqualTo(29);
        assertThat(info.toString()).isEqualTo("signal 29");
    }

    @Test
    void stoppedIs0177AndNotAnExit() {
        int stoppedBySigstop = (17 << 8) | 0177; // _WSTOPPED with SIGSTOP (17 on FreeBSD)
        assertThat(FreeBsdWaitStatus.ifStopped(stoppedBySigstop)).isTrue();
        assertThat(FreeBsdWaitStatus.stopSig(stoppedBySigstop)).isEqualTo(17);
        assertThat(FreeBsdWaitStatus.ifSignaled(stoppedBySigstop)).isFalse();
        assertThat(FreeBsdWaitStatus.ifExited(stoppedBySigstop)).isFalse();
        assertThatThrownBy(() -> FreeBsdWaitStatus.decode(stoppedBySigstop, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stopped by signal 17");
    }

    @Test
    void continuedIsTheWholeStatus0x13() {
        assertThat(FreeBsdWaitStatus.ifContinued(0x13)).isTrue();
        assertThat(FreeBsdWaitStatus.ifSignaled(0x13)).as("0x13 is not death by signal 19").isFalse();
        assertThat(FreeBsdWaitStatus.ifExited(0x13)).isFalse();
        assertThat(FreeBsdWaitStatus.ifContinued(0xffff)).as("Linux's continued value").isFalse();
        assertThatThrownBy(() -> FreeBsdWaitStatus.decode(0x13, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("continued");
        // signal 19 with the core flag is a death, not "continued"
        assertThat(FreeBsdWaitStatus.ifSignaled(0x93)).isTrue();
    }
}
