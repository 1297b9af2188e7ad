package org.pdsup.procdesc.freebsd;

/**
 * {@code struct xucred} of {@code sys/sys/ucred.h} (platform-facts 1.8), returned by
 * {@code getsockopt(fd, SOL_LOCAL, LOCAL_PEERCRED)}: 88 bytes, LP64. {@code cr_pid} sits in the first four
 * bytes of an 8-byte union at 80 (FreeBSD 13+; before that the slot is an unused pointer).
 */
public final class XucredLayout {
    private XucredLayout() {}

    public static final int CR_VERSION = 0;    // u_int, must be XUCRED_VERSION (0)
    public static final int CR_UID = 4;        // uid_t, effective
    public static final int CR_NGROUPS = 8;    // short, includes cr_gid
    public static final int CR_GROUPS = 12;    // gid_t cr_groups[XU_NGROUPS]; [0] = effective gid
    public static final int CR_PID = 80;       // union { void *_cr_unused1; pid_t cr_pid; }
    public static final int SIZE = 88;
}
