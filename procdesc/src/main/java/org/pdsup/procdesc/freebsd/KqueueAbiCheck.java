package org.pdsup.procdesc.freebsd;

import java.util.ArrayList;
import java.util.List;

import jnr.ffi.Pointer;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * Start-up proof that the {@code kevent} symbol jnr-ffi bound takes the 64-byte FreeBSD 12+ struct, not the
 * 32-byte {@code kevent@FBSD_1.0} compat version (platform-facts 1.5: UNCONFIRMED). Two EVFILT_USER events are
 * registered and triggered and read back into a buffer pre-filled with a pattern: with the right ABI the
 * second event sits at offset 64 with its ident and udata; with the compat ABI it would sit at 32 and offset
 * 64 would still hold the pattern.
 */
final class KqueueAbiCheck {
    private KqueueAbiCheck() {}

    static final long IDENT_A = 0x5eed_0001L;
    static final long IDENT_B = 0x5eed_0002L;
    static final long UDATA_A = 0x7a11_0000_0000_00a1L;
    static final long UDATA_B = 0x7a11_0000_0000_00b2L;
    static final byte PATTERN = (byte) 0xa5;

    /** Runs the check on a private kqueue. */
    static void run(FreeBsdLibc libc) {
        try (Kqueue kq = Kqueue.open(libc)) {
            for (long[] e : new long[][] {{IDENT_A, UDATA_A}, {IDENT_B, UDATA_B}}) {
                int err = kq.change(Kevent.of(e[0], EVFILT_USER, EV_ADD | EV_CLEAR, NOTE_FFNOP, 0, e[1]));
                if (err != 0) throw new NativeCallException("kevent ABI check: EV_ADD EVFILT_USER", err);
                err = kq.change(Kevent.of(e[0], EVFILT_USER, 0, NOTE_TRIGGER, 0, e[1]));
                if (err != 0) throw new NativeCallException("kevent ABI check: NOTE_TRIGGER", err);
            }
            Pointer buf = FreeBsdNative.allocate(2L * KeventLayout.SIZE);
            buf.setMemory(0, 2L * KeventLayout.SIZE, PATTERN);
            int n = libc.kevent(kq.fd(), null, 0, buf, 2, FreeBsdNative.allocate(TimespecLayout.SIZE));
            if (n < 0) throw new NativeCallException("kevent ABI check: kevent", FreeBsdNative.errno());
            verify(buf, n);
        }
    }

    /** Checks what kevent returned ({@code n} events in {@code buf}); throws when the layout is not 64 bytes. */
    static void verify(Pointer buf, int n) {
        if (n != 2) {
            throw new IllegalStateException("kevent ABI check: expected 2 triggered EVFILT_USER events, got " + n);
        }
        List<Long> idents = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Kevent ev = Kevent.read(buf, i);
            boolean a = ev.ident() == IDENT_A && ev.udata() == UDATA_A;
            boolean b = ev.ident() == IDENT_B && ev.udata() == UDATA_B;
            if (ev.filter() != EVFILT_USER || !(a || b)) {
                throw new IllegalStateException(String.format("kevent ABI check: event %d at offset %d is "
                        + "{ident 0x%x, filter %d, udata 0x%x}: libc's kevent does not use the %d-byte struct kevent "
                        + "(compat %d-byte kevent@FBSD_1.0 bound?)", i, i * KeventLayout.SIZE, ev.ident(), ev.filter(),
                        ev.udata(), KeventLayout.SIZE, KeventLayout.SIZE_FREEBSD11));
            }
            idents.add(ev.ident());
        }
        if (idents.get(0).equals(idents.get(1))) {
            throw new IllegalStateException("kevent ABI check: the same event was returned twice");
        }
    }
}
