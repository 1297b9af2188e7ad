package org.pdsup.procdesc.freebsd;

/**
 * The procctl(2) reaper structs of {@code sys/sys/procctl.h} (platform-facts 1.7), LP64. Pad fields must be
 * zeroed before a call.
 */
public final class ReaperLayouts {
    private ReaperLayouts() {}

    /** struct procctl_reaper_kill (PROC_REAP_KILL). */
    public static final int RK_SIG = 0;        // int, in
    public static final int RK_FLAGS = 4;      // u_int, in
    public static final int RK_SUBTREE = 8;    // pid_t, in
    public static final int RK_KILLED = 12;    // u_int, out
    public static final int RK_FPID = 16;      // pid_t, out
    public static final int RK_PAD0 = 20;      // u_int rk_pad0[15]
    public static final int KILL_SIZE = 80;

    /** struct procctl_reaper_status (PROC_REAP_STATUS). */
    public static final int RS_FLAGS = 0;
    public static final int RS_CHILDREN = 4;
    public static final int RS_DESCENDANTS = 8;
    public static final int RS_REAPER = 12;
    public static final int RS_PID = 16;
    public static final int RS_PAD0 = 20;      // u_int rs_pad0[15]
    public static final int STATUS_SIZE = 80;

    /** struct procctl_reaper_pids (PROC_REAP_GETPIDS). */
    public static final int RP_COUNT = 0;      // u_int
    public static final int RP_PAD0 = 4;       // u_int rp_pad0[15]
    public static final int RP_PIDS = 64;      // struct procctl_reaper_pidinfo *
    public static final int PIDS_SIZE = 72;

    /** struct procctl_reaper_pidinfo. */
    public static final int PI_PID = 0;
    public static final int PI_SUBTREE = 4;
    public static final int PI_FLAGS = 8;
    public static final int PI_PAD0 = 12;      // u_int pi_pad0[15]
    public static final int PIDINFO_SIZE = 72;
}
