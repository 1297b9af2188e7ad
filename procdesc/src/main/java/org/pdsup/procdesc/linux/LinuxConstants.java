package org.pdsup.procdesc.linux;

import org.pdsup.procdesc.FdConstants;

/**
 * Numbers of the Linux ABI (x86_64 and aarch64, glibc), each with the header it comes from. Values are those of
 * {@code /work/shared/platform-facts.md} sections 1.10 and 2; {@code LinuxConstantsTest} pins them.
 * Never share these literals with the FreeBSD backend: most of them differ there.
 */
public final class LinuxConstants {
    private LinuxConstants() {}

    // asm-generic/errno-base.h, asm-generic/errno.h
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int EPROTO = 71;
    public static final int ECONNRESET = 104;

    // asm-generic/fcntl.h (x86_64 and aarch64 agree on these; O_DIRECTORY/O_NOFOLLOW differ and are unused)
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;       // 0x800
    public static final int O_CLOEXEC = 02000000;     // 0x80000
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int FD_CLOEXEC = 1;

    // bits/socket.h, bits/socket_type.h, asm-generic/socket.h
    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_CLOEXEC = 02000000;  // = O_CLOEXEC
    public static final int SOL_SOCKET = 1;
    public static final int SCM_RIGHTS = 1;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;
    public static final int MSG_NOSIGNAL = 0x4000;

    // bits/waitflags.h
    public static final int WNOHANG = 1;
    public static final int WEXITED = 4;
    public static final int WNOWAIT = 0x01000000;
    // bits/waitflags.h: idtype_t
    public static final int P_ALL = 0;
    public static final int P_PID = 1;
    public static final int P_PGID = 2;
    public static final int P_PIDFD = 3;

    // sys/resource.h
    public static final int RUSAGE_SELF = 0;

    // linux/prctl.h
    public static final int PR_SET_PDEATHSIG = 1;
    public static final int PR_GET_PDEATHSIG = 2;
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    public static final int PR_GET_CHILD_SUBREAPER = 37;

    // bits/spawn.h (glibc values; FreeBSD's differ, platform-facts 1.3). The flags argument is a C short.
    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** glibc 2.26+: setsid(2) in the child before exec (FreeBSD 14 has no such flag, platform-facts 1.3). */
    public static final short POSIX_SPAWN_SETSID = 0x80;

    // poll.h / asm-generic/poll.h
    public static final short POLLIN = 0x1;
    public static final short POLLHUP = 0x10;

    // sys/epoll.h
    public static final int EPOLLIN = 0x1;
    public static final int EPOLLERR = 0x8;
    public static final int EPOLLHUP = 0x10;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLL_CLOEXEC = 0x80000;

    // sys/eventfd.h
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;
    // sys/signalfd.h (bits/signalfd.h): the same values as O_CLOEXEC and O_NONBLOCK
    public static final int SFD_CLOEXEC = 0x80000;
    public static final int SFD_NONBLOCK = 0x800;

    // asm-generic/unistd.h (aarch64) and arch/x86/entry/syscalls/syscall_64.tbl: the same numbers on both
    public static final long SYS_PIDFD_SEND_SIGNAL = 424;
    public static final long SYS_PIDFD_OPEN = 434;

    // bits/confname.h
    public static final int SC_CLK_TCK = 2;

    // bits/signum-generic.h: SIG_DFL
    public static final long SIG_DFL = 0;

    /** The values {@link org.pdsup.procdesc.Fds} needs (looked up by name from {@code Backends}). */
    public static FdConstants fdConstants() {
        return FD_CONSTANTS;
    }

    public static final FdConstants FD_CONSTANTS = new FdConstants(O_WRONLY, O_CREAT, O_TRUNC, O_APPEND,
            O_CLOEXEC, O_NONBLOCK, F_GETFL, F_SETFL, EAGAIN, EINTR);
}
