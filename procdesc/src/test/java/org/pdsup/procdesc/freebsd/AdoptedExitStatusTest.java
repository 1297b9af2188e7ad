package org.pdsup.procdesc.freebsd;

import java.time.Instant;

import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.Signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * A re-adopted service's exit status comes from the NOTE_EXIT event of its EVFILT_PROC knote: {@code filt_proc}
 * (sys/kern/kern_event.c) stores {@code KW_EXITCODE(p_xexit, p_xsig)} = {@code (xexit << 8) | xsig} in
 * {@code data}. Decoded here as the event thread does, from a struct kevent in FreeBSD's layout in native memory;
 * unknown only where the kernel gave nothing.
 */
class AdoptedExitStatusTest {
    /** KW_EXITCODE(ret, sig) of sys/sys/wait.h. */
    private static long kwExitcode(int ret, int sig) {
        return ((long) (ret & 0xff) << 8) | sig;
    }

    /** The event as the kernel would hand it over: written into a 64-byte struct kevent and read back. */
    private static Kevent noteExit(int pid, long data) {
        Pointer buf = FreeBsdNative.allocate(KeventLayout.SIZE);
        Kevent.of(pid, EVFILT_PROC, EV_ADD | EV_EOF | EV_ONESHOT, NOTE_EXIT, data, 7).write(buf, 0);
        return Kevent.read(buf, 0);
    }

    private static AdoptedProcess adopted() {
        return new AdoptedProcess(null, 4242, Instant.parse("2026-01-01T00:00:00Z")); // no libc call is made
    }

    @Test
    void anExitCodeIsDecodedFromTheEvent() {
        AdoptedProcess p = adopted();
        ExitStatus s = p.exitFromEvent(noteExit(4242, kwExitcode(3, 0)).data());
        assertThat(s).isEqualTo(ExitStatus.exited(3, null));
        assertThat(p.knownExit()).contains(ExitStatus.exited(3, null));
    }

    @Test
    void aDeathBySignalWithCoreIsDecodedFromTheEvent() {
        ExitStatus term = adopted().exitFromEvent(noteExit(4242, kwExitcode(0, SIGTERM)).data());
        assertThat(term.kind()).isEqualTo(ExitStatus.Kind.SIGNALED);
        assertThat(term.signal()).isEqualTo(Signal.TERM);
        assertThat(term.coreDumped()).isFalse();
        ExitStatus segv = adopted().exitFromEvent(noteExit(4242, kwExitcode(0, SIGSEGV | WCOREFLAG)).data());
        assertThat(segv.signalNumber()).isEqualTo(SIGSEGV);
        assertThat(segv.coreDumped()).isTrue();
        ExitStatus usr1 = adopted().exitFromEvent(noteExit(4242, kwExitcode(0, SIGUSR1)).data());
        assertThat(usr1.signal()).as("FreeBSD's SIGUSR1 is 30").isEqualTo(Signal.USR1);
    }

    @Test
    void unknownOnlyWhereTheKernelGaveNothing() {
        AdoptedProcess gone = adopted();
        assertThat(gone.exitFromEvent(FreeBsdProcess.NO_EVENT).kind()).isEqualTo(ExitStatus.Kind.UNKNOWN);
        // a later event with a status replaces the "unknown" a start-time check recorded
        assertThat(gone.exitFromEvent(noteExit(4242, kwExitcode(1, 0)).data())).isEqualTo(ExitStatus.exited(1, null));
        assertThat(FreeBsdProcess.statusFromNoteExit(0x117f).kind()).as("a stop is no exit")
                .isEqualTo(ExitStatus.Kind.UNKNOWN);
        assertThat(FreeBsdProcess.statusFromNoteExit(0)).isEqualTo(ExitStatus.exited(0, null));
    }
}
