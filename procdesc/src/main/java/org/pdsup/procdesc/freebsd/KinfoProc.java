package org.pdsup.procdesc.freebsd;

import java.time.Instant;
import java.util.Optional;

import jnr.ffi.Pointer;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * Reads one process's {@code struct kinfo_proc} with {@code sysctl(CTL_KERN, KERN_PROC, KERN_PROC_PID, pid)}
 * and takes its PID, parent and start time ({@code ki_start}, the same clock as a procdesc's st_birthtim:
 * boot time plus the process's start uptime, microsecond precision). The hand-derived offsets of
 * {@link KinfoProcLayout} are checked on every read: {@code ki_structsize} must be 1088 and {@code ki_pid}
 * the PID asked for, otherwise the layout is wrong and nothing is trusted.
 *
 * @param pid       the process
 * @param ppid      its parent
 * @param startTime when it started
 */
public record KinfoProc(int pid, int ppid, Instant startTime) {

    /** The process {@code pid}, or empty when no such process exists. */
    public static Optional<KinfoProc> of(FreeBsdLibc libc, int pid) {
        Pointer mib = FreeBsdNative.allocate(16);
        mib.putInt(0, CTL_KERN);
        mib.putInt(4, KERN_PROC);
        mib.putInt(8, KERN_PROC_PID);
        mib.putInt(12, pid);
        Pointer buf = FreeBsdNative.allocate(KinfoProcLayout.SIZE);
        Pointer len = FreeBsdNative.allocate(8);
        len.putLong(0, KinfoProcLayout.SIZE);
        if (libc.sysctl(mib, 4, buf, len, null, 0L) != 0) {
            int e = FreeBsdNative.errno();
            if (e == ESRCH) return Optional.empty();
            throw new NativeCallException("sysctl(kern.proc.pid." + pid + ")", e);
        }
        long got = len.getLong(0);
        if (got == 0) return Optional.empty();
        return Optional.of(decode(buf, got, pid));
    }

    /** Decodes a sysctl answer of {@code length} bytes for {@code pid}, checking the layout. */
    public static KinfoProc decode(Pointer buf, long length, int pid) {
        int structSize = buf.getInt(KinfoProcLayout.KI_STRUCTSIZE);
        if (length != KinfoProcLayout.SIZE || structSize != KinfoProcLayout.SIZE) {
            throw new IllegalStateException("kinfo_proc layout mismatch: sysctl returned " + length
                    + " bytes with ki_structsize " + structSize + ", expected " + KinfoProcLayout.SIZE
                    + " (KINFO_PROC_SIZE of amd64/arm64)");
        }
        int kiPid = buf.getInt(KinfoProcLayout.KI_PID);
        if (kiPid != pid) {
            throw new IllegalStateException("kinfo_proc layout mismatch: ki_pid at offset " + KinfoProcLayout.KI_PID
                    + " is " + kiPid + ", expected " + pid);
        }
        long sec = buf.getLong(KinfoProcLayout.KI_START + TimespecLayout.TIMEVAL_TV_SEC);
        long usec = buf.getLong(KinfoProcLayout.KI_START + TimespecLayout.TIMEVAL_TV_USEC);
        if (usec < 0 || usec >= 1_000_000L || sec <= 0) {
            throw new IllegalStateException("kinfo_proc layout mismatch: ki_start {" + sec + ", " + usec
                    + "} is not a plausible timeval");
        }
        return new KinfoProc(kiPid, buf.getInt(KinfoProcLayout.KI_PPID), Instant.ofEpochSecond(sec, usec * 1000L));
    }
}
