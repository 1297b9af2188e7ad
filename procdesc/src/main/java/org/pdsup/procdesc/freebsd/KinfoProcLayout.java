package org.pdsup.procdesc.freebsd;

/**
 * The few fields of {@code struct kinfo_proc} ({@code sys/sys/user.h}) that {@code adopt()} reads from
 * {@code sysctl(CTL_KERN, KERN_PROC, KERN_PROC_PID, pid)}, amd64 and arm64.
 *
 * <p>{@code KINFO_PROC_SIZE} is 1088 on both ({@code sys/amd64/include/proc.h}, {@code sys/arm64/include/proc.h}).
 * The offsets are derived by hand from the field list of {@code sys/sys/user.h} (int ki_structsize 0, int
 * ki_layout 4, eight pointers 8..71, pid_t ki_pid 72 .. ki_tsid 92, two shorts and ki_tdev_freebsd11 96..103,
 * four 16-byte sigsets 104..167, five ids 168..187, two shorts 188, gid_t ki_groups[16] 192..255, six 8-byte
 * sizes 256..303, two u_shorts 304, five u_ints 308..327, u_int64 ki_runtime 328, timeval ki_start 336). They
 * have not been read from a running FreeBSD system: UNCONFIRMED. At run time {@link KinfoProc} checks
 * {@code ki_structsize == 1088} and {@code ki_pid == pid} before it trusts {@code ki_start}.
 */
public final class KinfoProcLayout {
    private KinfoProcLayout() {}

    public static final int KI_STRUCTSIZE = 0;   // int
    public static final int KI_PID = 72;         // pid_t
    public static final int KI_PPID = 76;        // pid_t
    public static final int KI_START = 336;      // struct timeval (UNCONFIRMED on a live system)
    public static final int SIZE = 1088;         // KINFO_PROC_SIZE, amd64 and arm64
}
