package org.pdsup.procdesc.freebsd;

/**
 * FreeBSD {@code siginfo_t} ({@code struct __siginfo}, {@code sys/sys/signal.h}; platform-facts 1.6), LP64:
 * 80 bytes with {@code si_pid} at 12 (Linux: 128 bytes, si_pid at 16).
 */
public final class SiginfoLayout {
    private SiginfoLayout() {}

    public static final int SI_SIGNO = 0;     // int
    public static final int SI_ERRNO = 4;     // int
    public static final int SI_CODE = 8;      // int
    public static final int SI_PID = 12;      // __pid_t
    public static final int SI_UID = 16;      // __uid_t
    public static final int SI_STATUS = 20;   // int
    public static final int SI_ADDR = 24;     // void *
    public static final int SI_VALUE = 32;    // union sigval (8)
    public static final int REASON = 40;      // union _reason (40)
    public static final int SIZE = 80;
}
