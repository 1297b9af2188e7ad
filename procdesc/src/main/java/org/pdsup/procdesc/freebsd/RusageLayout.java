package org.pdsup.procdesc.freebsd;

import java.time.Duration;
import java.util.OptionalLong;

import jnr.ffi.Pointer;

import org.pdsup.procdesc.ResourceUsage;

/**
 * {@code struct rusage} and {@code struct __wrusage} of {@code sys/sys/resource.h} (platform-facts 1.6), LP64.
 * {@code ru_maxrss} is in KiB; the kernel samples it per statclock tick, so a very short-lived child may
 * report 0 (then the value is reported as absent rather than as a false 0).
 */
public final class RusageLayout {
    private RusageLayout() {}

    public static final int RU_UTIME = 0;      // struct timeval ru_utime
    public static final int RU_STIME = 16;     // struct timeval ru_stime
    public static final int RU_MAXRSS = 32;    // long ru_maxrss (KiB)
    public static final int RU_IXRSS = 40;
    public static final int RU_IDRSS = 48;
    public static final int RU_ISRSS = 56;
    public static final int RU_MINFLT = 64;
    public static final int RU_MAJFLT = 72;
    public static final int RU_NSWAP = 80;
    public static final int RU_INBLOCK = 88;
    public static final int RU_OUBLOCK = 96;
    public static final int RU_MSGSND = 104;
    public static final int RU_MSGRCV = 112;
    public static final int RU_NSIGNALS = 120;
    public static final int RU_NVCSW = 128;
    public static final int RU_NIVCSW = 136;
    public static final int SIZE = 144;        // sizeof(struct rusage)

    public static final int WRU_SELF = 0;      // struct rusage wru_self
    public static final int WRU_CHILDREN = 144; // struct rusage wru_children
    public static final int WRUSAGE_SIZE = 288; // sizeof(struct __wrusage)

    /** The usage at {@code base + offset} (a rusage, or {@code wru_self} of a __wrusage). */
    public static ResourceUsage read(Pointer base, long offset) {
        Duration user = timeval(base, offset + RU_UTIME);
        Duration sys = timeval(base, offset + RU_STIME);
        long maxRssKiB = base.getLong(offset + RU_MAXRSS);
        OptionalLong rss = maxRssKiB > 0 ? OptionalLong.of(maxRssKiB * 1024L) : OptionalLong.empty();
        return new ResourceUsage(user, sys, rss);
    }

    private static Duration timeval(Pointer base, long offset) {
        long sec = base.getLong(offset + TimespecLayout.TIMEVAL_TV_SEC);
        long usec = base.getLong(offset + TimespecLayout.TIMEVAL_TV_USEC);
        return Duration.ofSeconds(sec).plusNanos(usec * 1000L);
    }
}
