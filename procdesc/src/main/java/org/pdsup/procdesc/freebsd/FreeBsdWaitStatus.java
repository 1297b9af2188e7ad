package org.pdsup.procdesc.freebsd;

import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ResourceUsage;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * The W* macros of FreeBSD {@code sys/sys/wait.h} (platform-facts 1.6) over a wait(2)-style status, the same
 * encoding the kernel puts in the {@code data} of an {@code EVFILT_PROCDESC}/{@code EVFILT_PROC} {@code NOTE_EXIT}
 * event ({@code KW_EXITCODE(xexit, xsig) = ((xexit & 0xff) << 8) | xsig}, xsig with the 0x80 core flag).
 * FreeBSD marks a continued process with the whole status 0x13 (Linux: 0xffff).
 */
public final class FreeBsdWaitStatus {
    private FreeBsdWaitStatus() {}

    /** {@code _WSTATUS(x) = x & 0177}. */
    static int wstatus(int s) {
        return s & 0177;
    }

    public static boolean ifExited(int s) {
        return wstatus(s) == 0;
    }

    public static int exitStatus(int s) {
        return (s >> 8) & 0xff;
    }

    public static boolean ifSignaled(int s) {
        return wstatus(s) != W_STOPPED_CODE && wstatus(s) != 0 && s != W_CONTINUED_STATUS;
    }

    public static int termSig(int s) {
        return wstatus(s);
    }

    public static boolean coreDump(int s) {
        return (s & WCOREFLAG) != 0;
    }

    public static boolean ifStopped(int s) {
        return wstatus(s) == W_STOPPED_CODE;
    }

    public static int stopSig(int s) {
        return (s >> 8) & 0xff;
    }

    public static boolean ifContinued(int s) {
        return s == W_CONTINUED_STATUS;
    }

    /**
     * The exit of a terminated process.
     *
     * @throws IllegalArgumentException for a stopped or continued status, which is not an exit (the backend
     *                                  never asks for those: it waits with WEXITED only)
     */
    public static ExitStatus decode(int status, ResourceUsage usage) {
        if (ifExited(status)) return ExitStatus.exited(exitStatus(status), usage);
        if (ifSignaled(status)) {
            int sig = termSig(status);
            return ExitStatus.signaled(sig, FreeBsdSignals.of(sig).orElse(null), coreDump(status), usage);
        }
        throw new IllegalArgumentException(String.format("wait status 0x%x is not an exit (%s)", status,
                ifContinued(status) ? "continued" : "stopped by signal " + stopSig(status)));
    }
}
