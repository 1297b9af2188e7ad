package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ResourceUsage;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.posix.Posix;

/** The W* macros of bits/waitstatus.h and struct rusage decoding, on hand-made values. */
class WaitStatusTest {

    @Test
    void decodesExitSignalAndCore() {
        assertThat(WaitStatus.decode(3 << 8, null)).isEqualTo(ExitStatus.exited(3, null));
        assertThat(WaitStatus.decode(0, null).code()).isZero();
        ExitStatus term = WaitStatus.decode(15, null);
        assertThat(term.kind()).isEqualTo(ExitStatus.Kind.SIGNALED);
        assertThat(term.signal()).isEqualTo(Signal.TERM);
        assertThat(term.coreDumped()).isFalse();
        ExitStatus segv = WaitStatus.decode(0x80 | 11, null);
        assertThat(segv.signal()).isEqualTo(Signal.SEGV);
        assertThat(segv.coreDumped()).isTrue();
        assertThat(segv.toString()).isEqualTo("signal SEGV (core dumped)");
        ExitStatus rt = WaitStatus.decode(40, null);
        assertThat(rt.signal()).isNull();
        assertThat(rt.signalNumber()).isEqualTo(40);
        assertThatThrownBy(() -> WaitStatus.decode(0x137f, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesRusage() {
        Pointer ru = Memory.allocateDirect(Posix.runtime(), LinuxStructs.Rusage.SIZE, true);
        ru.putLong(LinuxStructs.Rusage.RU_UTIME_SEC, 1);
        ru.putLong(LinuxStructs.Rusage.RU_UTIME_USEC, 250_000);
        ru.putLong(LinuxStructs.Rusage.RU_STIME_SEC, 0);
        ru.putLong(LinuxStructs.Rusage.RU_STIME_USEC, 5);
        ru.putLong(LinuxStructs.Rusage.RU_MAXRSS, 2048);
        ResourceUsage truthful = WaitStatus.usage(ru, 0);
        assertThat(truthful.userCpu()).isEqualTo(Duration.ofMillis(1250));
        assertThat(truthful.systemCpu()).isEqualTo(Duration.ofNanos(5000));
        assertThat(truthful.maxRssBytes()).hasValue(2048L * 1024);
        assertThat(WaitStatus.usage(ru, Long.MAX_VALUE).maxRssBytes()).isEmpty();
        assertThat(WaitStatus.usage(ru, 2048).maxRssBytes()).as("not above the supervisor's peak").isEmpty();
        assertThat(WaitStatus.usage(ru, 2047).maxRssBytes()).hasValue(2048L * 1024);
    }

    @Test
    void parsesProcStatWithAwkwardCommandNames() {
        String line = "4242 (a) b (c)) S 17 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        byte[] b = line.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ProcStat s = ProcStat.parse(4242, b, b.length);
        assertThat(s.state()).isEqualTo('S');
        assertThat(s.ppid()).isEqualTo(17);
        assertThat(s.startTicks()).isEqualTo(987654);
    }
}
