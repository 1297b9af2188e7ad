package org.pdsup.procdesc.freebsd;

/**
 * {@code struct timespec} ({@code sys/sys/_timespec.h}; platform-facts 1.5) and {@code struct timeval}
 * ({@code sys/sys/_timeval.h}), LP64: two 8-byte fields.
 */
public final class TimespecLayout {
    private TimespecLayout() {}

    public static final int TV_SEC = 0;    // time_t tv_sec (int64)
    public static final int TV_NSEC = 8;   // long tv_nsec
    public static final int SIZE = 16;

    public static final int TIMEVAL_TV_SEC = 0;   // time_t tv_sec
    public static final int TIMEVAL_TV_USEC = 8;  // suseconds_t tv_usec (long)
    public static final int TIMEVAL_SIZE = 16;
}
