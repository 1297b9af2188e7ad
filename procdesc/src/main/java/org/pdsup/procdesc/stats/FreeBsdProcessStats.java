package org.pdsup.procdesc.stats;

import java.util.Optional;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * FreeBSD: {@code sysctl({CTL_KERN, KERN_PROC, KERN_PROC_PID, pid})} fills one {@code struct kinfo_proc};
 * {@code ki_rssize} (pages) times {@code getpagesize()} is the resident size and {@code ki_rusage}'s
 * {@code ru_utime}/{@code ru_stime} the CPU times (see {@link KinfoProcLayout}).
 */
final class FreeBsdProcessStats implements ProcessStats {

    /** errno {@code ESRCH} (sys/sys/errno.h): no such process. */
    static final int ESRCH = 3;

    private final FreeBsdStatsLibc libc;
    private final Runtime runtime;
    private final long pageSize;
    private final ThreadLocal<Pointer[]> buffers;

    private FreeBsdProcessStats(FreeBsdStatsLibc libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
        this.pageSize = libc.getpagesize();
        this.buffers = ThreadLocal.withInitial(() -> new Pointer[] {
                Memory.allocateDirect(runtime, KinfoProcLayout.SIZE, true),
                Memory.allocateDirect(runtime, 8, true)});
    }

    static FreeBsdProcessStats create() {
        return new FreeBsdProcessStats(LibraryLoader.create(FreeBsdStatsLibc.class).load("c"));
    }

    @Override
    public Optional<ProcessSample> sample(int pid) {
        if (pid <= 0) throw new IllegalArgumentException("pid must be positive: " + pid);
        Pointer[] b = buffers.get();
        Pointer kinfo = b[0];
        Pointer length = b[1];
        length.putLong(0, KinfoProcLayout.SIZE);
        int[] mib = {KinfoProcLayout.CTL_KERN, KinfoProcLayout.KERN_PROC, KinfoProcLayout.KERN_PROC_PID, pid};
        int rc = libc.sysctl(mib, mib.length, kinfo, length, null, 0L);
        if (rc != 0) {
            int errno = jnr.ffi.LastError.getLastError(runtime);
            if (errno == ESRCH) return Optional.empty();
            throw new IllegalStateException("sysctl(kern.proc.pid." + pid + ") failed: errno " + errno);
        }
        if (length.getLong(0) < KinfoProcLayout.SIZE) return Optional.empty();    // no such process (old kernels)
        return Optional.of(KinfoProcLayout.decode(new KinfoProcLayout.Bytes() {
            @Override public int getInt(int offset) { return kinfo.getInt(offset); }
            @Override public long getLong(int offset) { return kinfo.getLongLong(offset); }
        }, pageSize));
    }
}
