package org.pdsup.procdesc.linux;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.pdsup.procdesc.Signal;

/**
 * Linux signal numbers for x86_64 and aarch64 (asm-generic/signal.h, which both use; bits/signum-arch.h in
 * glibc). SIGBUS, SIGUSR1/2, SIGCHLD, SIGSTOP/TSTP/CONT and SIGURG differ from FreeBSD (platform-facts 1.10).
 */
public final class LinuxSignals {
    private LinuxSignals() {}

    private static final Map<Signal, Integer> NUMBERS = new EnumMap<>(Signal.class);
    private static final Map<Integer, Signal> NAMES = new HashMap<>();

    static {
        put(Signal.HUP, 1);
        put(Signal.INT, 2);
        put(Signal.QUIT, 3);
        put(Signal.ILL, 4);
        put(Signal.TRAP, 5);
        put(Signal.ABRT, 6);
        put(Signal.BUS, 7);
        put(Signal.FPE, 8);
        put(Signal.KILL, 9);
        put(Signal.USR1, 10);
        put(Signal.SEGV, 11);
        put(Signal.USR2, 12);
        put(Signal.PIPE, 13);
        put(Signal.ALRM, 14);
        put(Signal.TERM, 15);
        // 16 is SIGSTKFLT, not portable
        put(Signal.CHLD, 17);
        put(Signal.CONT, 18);
        put(Signal.STOP, 19);
        put(Signal.TSTP, 20);
        put(Signal.TTIN, 21);
        put(Signal.TTOU, 22);
        put(Signal.URG, 23);
        put(Signal.XCPU, 24);
        put(Signal.XFSZ, 25);
        put(Signal.VTALRM, 26);
        put(Signal.PROF, 27);
        put(Signal.WINCH, 28);
        put(Signal.IO, 29);
        // 30 is SIGPWR, not portable
        put(Signal.SYS, 31);
    }

    private static void put(Signal s, int n) {
        NUMBERS.put(s, n);
        NAMES.put(n, s);
    }

    public static int number(Signal s) {
        Integer n = NUMBERS.get(s);
        if (n == null) throw new IllegalArgumentException("no Linux number for signal " + s);
        return n;
    }

    public static Optional<Signal> of(int n) {
        return Optional.ofNullable(NAMES.get(n));
    }
}
