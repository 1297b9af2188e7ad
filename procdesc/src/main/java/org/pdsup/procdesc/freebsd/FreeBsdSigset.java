package org.pdsup.procdesc.freebsd;

import java.util.function.IntPredicate;

/**
 * FreeBSD {@code sigset_t} ({@code sys/sys/_sigset.h}): {@code __uint32_t __bits[4]}, 16 bytes, signal
 * {@code n} at bit {@code (n - 1) & 31} of word {@code (n - 1) >> 5} ({@code _SIG_WORD}, {@code _SIG_BIT}).
 * Encoded little-endian (amd64 and arm64 are little-endian).
 */
public final class FreeBsdSigset {
    private FreeBsdSigset() {}

    /** The 16 bytes of a set holding each signal 1..128 for which {@code member} is true. */
    public static byte[] encode(IntPredicate member) {
        byte[] bytes = new byte[FreeBsdConstants.SIGSET_SIZE];
        for (int sig = 1; sig <= FreeBsdConstants.SIG_MAXSIG; sig++) {
            if (!member.test(sig)) continue;
            int idx = sig - 1;
            int word = idx >> 5;
            int bit = idx & 31;
            bytes[word * 4 + (bit >> 3)] |= (byte) (1 << (bit & 7));
        }
        return bytes;
    }

    public static boolean isMember(byte[] set, int sig) {
        int idx = sig - 1;
        int word = idx >> 5;
        int bit = idx & 31;
        return (set[word * 4 + (bit >> 3)] & (1 << (bit & 7))) != 0;
    }

    /** The empty set: the child's signal mask (POSIX_SPAWN_SETSIGMASK; platform-facts pitfall 5). */
    public static byte[] empty() {
        return new byte[FreeBsdConstants.SIGSET_SIZE];
    }

    /**
     * Every signal except SIGTHR (32): the signals reset to SIG_DFL in the child (POSIX_SPAWN_SETSIGDEF,
     * rfork RFSPAWN semantics). FreeBSD's posix_spawn calls sigaction for each member; libthr's sigaction
     * rejects SIGTHR (its SIGCANCEL) with EINVAL, which would fail the whole spawn, so it is left out
     * (believed from libthr's thr_sig.c; UNCONFIRMED on a live system, harmless either way).
     */
    public static byte[] allButThreadSignal() {
        return encode(sig -> sig != FreeBsdConstants.SIGTHR);
    }
}
