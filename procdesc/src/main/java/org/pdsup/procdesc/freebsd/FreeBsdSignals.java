package org.pdsup.procdesc.freebsd;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.pdsup.procdesc.Signal;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/** Portable {@link Signal} names to FreeBSD signal numbers ({@code sys/sys/signal.h}) and back. */
public final class FreeBsdSignals {
    private FreeBsdSignals() {}

    private static final Map<Signal, Integer> NUMBERS = new EnumMap<>(Signal.class);
    private static final Signal[] BY_NUMBER = new Signal[SIG_MAXSIG + 1];

    static {
        put(Signal.HUP, SIGHUP);
        put(Signal.INT, SIGINT);
        put(Signal.QUIT, SIGQUIT);
        put(Signal.ILL, SIGILL);
        put(Signal.TRAP, SIGTRAP);
        put(Signal.ABRT, SIGABRT);
        put(Signal.BUS, SIGBUS);
        put(Signal.FPE, SIGFPE);
        put(Signal.KILL, SIGKILL);
        put(Signal.USR1, SIGUSR1);
        put(Signal.SEGV, SIGSEGV);
        put(Signal.USR2, SIGUSR2);
        put(Signal.PIPE, SIGPIPE);
        put(Signal.ALRM, SIGALRM);
        put(Signal.TERM, SIGTERM);
        put(Signal.CHLD, SIGCHLD);
        put(Signal.CONT, SIGCONT);
        put(Signal.STOP, SIGSTOP);
        put(Signal.TSTP, SIGTSTP);
        put(Signal.TTIN, SIGTTIN);
        put(Signal.TTOU, SIGTTOU);
        put(Signal.URG, SIGURG);
        put(Signal.XCPU, SIGXCPU);
        put(Signal.XFSZ, SIGXFSZ);
        put(Signal.VTALRM, SIGVTALRM);
        put(Signal.PROF, SIGPROF);
        put(Signal.WINCH, SIGWINCH);
        put(Signal.IO, SIGIO);
        put(Signal.SYS, SIGSYS);
        if (NUMBERS.size() != Signal.values().length) {
            throw new ExceptionInInitializerError("a portable signal has no FreeBSD number");
        }
    }

    private static void put(Signal s, int n) {
        NUMBERS.put(s, n);
        BY_NUMBER[n] = s;
    }

    public static int number(Signal s) {
        return NUMBERS.get(s);
    }

    /** The portable name of FreeBSD signal {@code n}; empty for numbers without one (SIGEMT, SIGINFO, SIGTHR...). */
    public static Optional<Signal> of(int n) {
        return n > 0 && n < BY_NUMBER.length ? Optional.ofNullable(BY_NUMBER[n]) : Optional.empty();
    }
}
