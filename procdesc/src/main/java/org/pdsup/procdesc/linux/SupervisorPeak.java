package org.pdsup.procdesc.linux;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pdsup.procdesc.posix.Posix;

/**
 * This process's peak resident set, {@code getrusage(RUSAGE_SELF).ru_maxrss} in KiB: the floor above which a
 * posix_spawned child's {@code ru_maxrss} is its own.
 *
 * <p>A posix_spawn child shares the JVM's address space until its exec (CLONE_VM|CLONE_VFORK), and exec records
 * the high-water mark of the address space it leaves ({@code setmax_mm_hiwater_rss} in {@code exec_mmap}), so the
 * child's {@code ru_maxrss} is max(JVM's peak at that exec, the service's own peak). The JVM's peak does not fall
 * (unmapping updates the mark first; only reclaim in the microseconds between that exec and this call could hide
 * a peak) and posix_spawn returns only after the child's exec, so the value read here right after posix_spawn is
 * at least the one the exec recorded:
 * a child's {@code ru_maxrss} above it is the service's own peak; at or below it, the service's peak is unknown
 * (reported empty). The same holds after a live re-exec: exec keeps the old program's peak in this process's
 * own {@code ru_maxrss}.
 */
final class SupervisorPeak {
    private SupervisorPeak() {}

    /** ru_maxrss of this process, KiB; {@link Long#MAX_VALUE} if getrusage fails (max RSS then never shown). */
    static long kib() {
        Pointer ru = Memory.allocateDirect(Posix.runtime(), LinuxStructs.Rusage.SIZE, true);
        if (Linux.libc().getrusage(LinuxConstants.RUSAGE_SELF, ru) != 0) return Long.MAX_VALUE;
        return ru.getLong(LinuxStructs.Rusage.RU_MAXRSS);
    }
}
