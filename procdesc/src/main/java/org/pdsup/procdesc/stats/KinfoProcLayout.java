package org.pdsup.procdesc.stats;

/**
 * The parts of FreeBSD's {@code struct kinfo_proc} (sys/sys/user.h) that pdsup reads, amd64 and arm64 (LP64;
 * {@code KINFO_PROC_SIZE} is 1088 on both, sys/amd64/include/proc.h and sys/arm64/include/proc.h).
 *
 * <p>Offsets computed from the field list of sys/sys/user.h in freebsd-src main (2025, the layout of 13.x to
 * 15.x: {@code ki_pd} after {@code ki_tdaddr}, {@code KI_NSPARE_PTR 5}, {@code KI_NSPARE_INT 2}) with LP64
 * alignment, and cross-checked against the cgo-generated amd64 {@code KinfoProc} of gopsutil
 * ({@code sizeOfKinfoProc = 0x440}). {@code KinfoProcLayoutTest} recomputes them from that field list.
 * Not yet run against a FreeBSD kernel here: <b>UNCONFIRMED</b> on a live system; {@link #KI_STRUCTSIZE}
 * is checked on every sample, so a different layout is refused rather than misread.
 */
final class KinfoProcLayout {
    private KinfoProcLayout() {}

    /** {@code KINFO_PROC_SIZE} for LP64 (machine/proc.h). */
    static final int SIZE = 1088;

    /** {@code int ki_structsize}: the kernel writes {@code sizeof(struct kinfo_proc)} here. */
    static final int KI_STRUCTSIZE = 0;
    /** {@code pid_t ki_pid}. */
    static final int KI_PID = 72;
    /** {@code segsz_t ki_rssize}: current resident set size in pages ({@code __segsz_t} is int64 on LP64). */
    static final int KI_RSSIZE = 264;
    /** {@code struct rusage ki_rusage} (filled by {@code rufetch} + {@code calcru} in kern_proc.c). */
    static final int KI_RUSAGE = 608;

    /** {@code struct timeval ru_utime} at offset 0 of struct rusage (sys/sys/resource.h). */
    static final int RU_UTIME = 0;
    /** {@code struct timeval ru_stime} at offset 16 of struct rusage. */
    static final int RU_STIME = 16;
    /** {@code time_t tv_sec} (int64) at 0, {@code suseconds_t tv_usec} (long) at 8 of struct timeval. */
    static final int TV_SEC = 0;
    static final int TV_USEC = 8;

    /** sys/sys/sysctl.h: {@code CTL_KERN 1}, {@code KERN_PROC 14}, {@code KERN_PROC_PID 1}. */
    static final int CTL_KERN = 1;
    static final int KERN_PROC = 14;
    static final int KERN_PROC_PID = 1;

    /** Reads the sample out of a kinfo_proc whose bytes {@code bytes} gives access to. */
    static ProcessSample decode(Bytes bytes, long pageSize) {
        int structSize = bytes.getInt(KI_STRUCTSIZE);
        if (structSize != SIZE) {
            throw new IllegalStateException("kinfo_proc: the kernel reports ki_structsize " + structSize
                    + ", pdsup knows the layout of size " + SIZE + " (sys/sys/user.h, LP64)");
        }
        long rssPages = bytes.getLong(KI_RSSIZE);
        double user = seconds(bytes, KI_RUSAGE + RU_UTIME);
        double sys = seconds(bytes, KI_RUSAGE + RU_STIME);
        return new ProcessSample(Math.max(0, rssPages) * pageSize, user, sys);
    }

    private static double seconds(Bytes bytes, int timeval) {
        return bytes.getLong(timeval + TV_SEC) + bytes.getLong(timeval + TV_USEC) / 1e6;
    }

    /** Little-endian native access to a kinfo_proc buffer (native memory in production, an array in tests). */
    interface Bytes {
        int getInt(int offset);

        long getLong(int offset);
    }
}
