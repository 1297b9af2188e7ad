package org.pdsup.procdesc.posix;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Un-ignores a signal that the process inherited as ignored ({@code nohup}, or a shell that ran pdsupd with
 * {@code trap '' INT}): the JVM refuses to install a handler for a SIGHUP, SIGINT or SIGTERM it finds at
 * {@code SIG_IGN} (HotSpot's {@code JVM_RegisterSignal}: "If the HUP signal is ignored (from the nohup)
 * command, then Java is not allowed to use this signal"), and {@code sun.misc.Signal.handle} then returns
 * without error, so the handler would silently never run. Setting the disposition back to {@code SIG_DFL}
 * first lets the JVM install its handler.
 *
 * <p>Layout: an all-zero {@code struct sigaction} is {@code SIG_DFL} with an empty mask and no flags on both
 * systems: glibc {@code bits/sigaction.h} (x86-64 and arm64: handler 8, sa_mask 128, sa_flags 4, padding 4,
 * sa_restorer 8 = 152 bytes) and FreeBSD {@code sys/signal.h} (handler 8, sa_flags 4, sa_mask 16 = 32 bytes,
 * with padding). The handler is the first field on both; {@code SIG_IGN} is {@code (void (*)(int))1} on both
 * (glibc {@code bits/signum-generic.h}, FreeBSD {@code sys/signal.h}).
 */
public final class SignalDispositions {
    /** The larger of the two {@code struct sigaction} sizes, so one zeroed buffer serves both systems. */
    static final int SIGACTION_BYTES = 152;
    /** {@code SIG_IGN}. */
    static final long SIG_IGN = 1;

    private SignalDispositions() {}

    /** True when signal {@code number} is currently ignored ({@code SIG_IGN}). */
    public static boolean ignored(int number) {
        Pointer old = Memory.allocateDirect(Posix.runtime(), SIGACTION_BYTES, true);
        if (Posix.libc().sigaction(number, null, old) != 0) {
            throw new IllegalStateException("sigaction(" + number + ") failed: " + Posix.strerror(Posix.errno()));
        }
        return old.getLong(0) == SIG_IGN;
    }

    /**
     * If signal {@code number} is ignored, sets it to {@code SIG_DFL}; returns whether it was ignored. A
     * signal with a handler or the default action is left as it is (resetting a handled signal would open a
     * window in which it takes its default action).
     */
    public static boolean unignore(int number) {
        if (!ignored(number)) return false;
        Pointer dfl = Memory.allocateDirect(Posix.runtime(), SIGACTION_BYTES, true);
        if (Posix.libc().sigaction(number, dfl, null) != 0) {
            throw new IllegalStateException("sigaction(" + number + ", SIG_DFL) failed: "
                    + Posix.strerror(Posix.errno()));
        }
        return true;
    }
}
