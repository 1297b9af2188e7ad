package org.pdsup.procdesc.linux;

import java.time.Duration;
import java.util.OptionalLong;

import jnr.ffi.Pointer;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ResourceUsage;

/**
 * Decodes a wait(2) status with the W* macros of bits/waitstatus.h and a struct rusage (layout in
 * {@link LinuxStructs.Rusage}) into an {@link ExitStatus}.
 */
final class WaitStatus {
    private WaitStatus() {}

    /** WTERMSIG / WIFEXITED mask: {@code status & 0x7f}. */
    static final int TERMSIG_MASK = 0x7f;
    /** WCOREDUMP: {@code status & 0x80} (__WCOREFLAG). */
    static final int CORE_FLAG = 0x80;
    /** WIFSTOPPED: low 7 bits all set. */
    static final int STOPPED = 0x7f;

    static ExitStatus decode(int status, ResourceUsage usage) {
        int sig = status & TERMSIG_MASK;
        if (sig == 0) return ExitStatus.exited((status >> 8) & 0xff, usage);
        if (sig == STOPPED) throw new IllegalArgumentException("status " + status + " is a stop, not an exit");
        return ExitStatus.signaled(sig, LinuxSignals.of(sig).orElse(null), (status & CORE_FLAG) != 0, usage);
    }

    /**
     * Resource usage from a struct rusage. ru_maxrss is KiB and is reported only above {@code maxRssFloorKiB}:
     * 0 for a process whose own exec replaced a small address space (forked by the exec helper), the JVM's peak
     * for one posix_spawned by the JVM, whose exec recorded the JVM's peak (platform-facts pitfall 1; see
     * {@link SupervisorPeak}), {@link Long#MAX_VALUE} for never.
     */
    static ResourceUsage usage(Pointer rusage, long maxRssFloorKiB) {
        Duration user = timeval(rusage, LinuxStructs.Rusage.RU_UTIME_SEC, LinuxStructs.Rusage.RU_UTIME_USEC);
        Duration sys = timeval(rusage, LinuxStructs.Rusage.RU_STIME_SEC, LinuxStructs.Rusage.RU_STIME_USEC);
        long maxRssKiB = rusage.getLong(LinuxStructs.Rusage.RU_MAXRSS);
        OptionalLong rss = maxRssKiB > maxRssFloorKiB ? OptionalLong.of(maxRssKiB * 1024L) : OptionalLong.empty();
        return new ResourceUsage(user, sys, rss);
    }

    private static Duration timeval(Pointer p, int secOffset, int usecOffset) {
        return Duration.ofSeconds(p.getLong(secOffset)).plusNanos(p.getLong(usecOffset) * 1000L);
    }
}
