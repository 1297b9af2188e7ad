package org.pdsup.procdesc;

import java.util.Locale;
import java.util.Optional;

/**
 * Portable signal names. The numbers differ between systems (SIGUSR1 is 30 on FreeBSD, 10 on Linux), so
 * code above this package only ever uses names; {@link ProcessDescriptors#signalNumber(Signal)} maps them.
 */
public enum Signal {
    HUP, INT, QUIT, ILL, TRAP, ABRT, BUS, FPE, KILL, USR1, SEGV, USR2, PIPE, ALRM, TERM, CHLD, CONT, STOP,
    TSTP, TTIN, TTOU, URG, XCPU, XFSZ, VTALRM, PROF, WINCH, IO, SYS;

    /** Parses "TERM", "SIGTERM", "term"; numbers are deliberately not accepted (they are not portable). */
    public static Optional<Signal> parse(String text) {
        if (text == null) return Optional.empty();
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("SIG")) s = s.substring(3);
        try {
            return Optional.of(Signal.valueOf(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
