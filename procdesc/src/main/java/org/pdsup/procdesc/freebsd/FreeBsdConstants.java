package org.pdsup.procdesc.freebsd;

import org.pdsup.procdesc.FdConstants;

/**
 * Every FreeBSD number the backend passes to or reads from the kernel, for FreeBSD 14.x/15.x on amd64 and arm64
 * (LP64). Each value names the header it comes from; section numbers refer to {@code shared/platform-facts.md}.
 * Nothing here is shared with Linux (platform-facts pitfall 8): FreeBSD and Linux disagree on errno, signal,
 * open(2), socket, wait and spawn numbers.
 *
 * <p>{@code FreeBsdConstantsTest} pins every value against platform-facts.md, so a drifting number fails the
 * build on Linux rather than on a FreeBSD host.
 */
public final class FreeBsdConstants {
    private FreeBsdConstants() {}

    /** The numbers {@link org.pdsup.procdesc.Fds} needs, for {@code Backends.fdConstants()}. */
    public static FdConstants fdConstants() {
        return new FdConstants(O_WRONLY, O_CREAT, O_TRUNC, O_APPEND, O_CLOEXEC, O_NONBLOCK, F_GETFL, F_SETFL,
                EAGAIN, EINTR);
    }

    // ---- errno: sys/sys/errno.h (platform-facts 1.10) ----
    public static final int EPERM = 1;          // sys/sys/errno.h
    public static final int ENOENT = 2;         // sys/sys/errno.h
    public static final int ESRCH = 3;          // sys/sys/errno.h
    public static final int EINTR = 4;          // sys/sys/errno.h
    public static final int EIO = 5;            // sys/sys/errno.h
    public static final int E2BIG = 7;          // sys/sys/errno.h
    public static final int ENOEXEC = 8;        // sys/sys/errno.h
    public static final int EBADF = 9;          // sys/sys/errno.h
    public static final int ECHILD = 10;        // sys/sys/errno.h
    public static final int EDEADLK = 11;       // sys/sys/errno.h (11 was EAGAIN long ago; Linux EAGAIN is 11)
    public static final int ENOMEM = 12;        // sys/sys/errno.h
    public static final int EACCES = 13;        // sys/sys/errno.h
    public static final int EFAULT = 14;        // sys/sys/errno.h
    public static final int EBUSY = 16;         // sys/sys/errno.h
    public static final int EEXIST = 17;        // sys/sys/errno.h
    public static final int ENOTDIR = 20;       // sys/sys/errno.h
    public static final int EISDIR = 21;        // sys/sys/errno.h
    public static final int EINVAL = 22;        // sys/sys/errno.h
    public static final int ENFILE = 23;        // sys/sys/errno.h
    public static final int EMFILE = 24;        // sys/sys/errno.h
    public static final int ETXTBSY = 26;       // sys/sys/errno.h
    public static final int ENOSPC = 28;        // sys/sys/errno.h
    public static final int EPIPE = 32;         // sys/sys/errno.h
    public static final int ERANGE = 34;        // sys/sys/errno.h (getpwnam_r: buffer too small)
    public static final int EAGAIN = 35;        // sys/sys/errno.h (= EWOULDBLOCK; Linux 11)
    public static final int EOPNOTSUPP = 45;    // sys/sys/errno.h (= ENOTSUP)
    public static final int ELOOP = 62;         // sys/sys/errno.h
    public static final int ENAMETOOLONG = 63;  // sys/sys/errno.h
    public static final int EPROCLIM = 67;      // sys/sys/errno.h (fork: too many processes)
    public static final int ENOSYS = 78;        // sys/sys/errno.h (Linux 38)
    public static final int ENOTCAPABLE = 93;   // sys/sys/errno.h (capsicum)
    public static final int ECAPMODE = 94;      // sys/sys/errno.h (capsicum)

    // ---- signals: sys/sys/signal.h (platform-facts 1.10) ----
    public static final int SIGHUP = 1;         // sys/sys/signal.h
    public static final int SIGINT = 2;         // sys/sys/signal.h
    public static final int SIGQUIT = 3;        // sys/sys/signal.h
    public static final int SIGILL = 4;         // sys/sys/signal.h
    public static final int SIGTRAP = 5;        // sys/sys/signal.h
    public static final int SIGABRT = 6;        // sys/sys/signal.h
    public static final int SIGEMT = 7;         // sys/sys/signal.h (FreeBSD only)
    public static final int SIGFPE = 8;         // sys/sys/signal.h
    public static final int SIGKILL = 9;        // sys/sys/signal.h
    public static final int SIGBUS = 10;        // sys/sys/signal.h (Linux 7)
    public static final int SIGSEGV = 11;       // sys/sys/signal.h
    public static final int SIGSYS = 12;        // sys/sys/signal.h (Linux 31)
    public static final int SIGPIPE = 13;       // sys/sys/signal.h
    public static final int SIGALRM = 14;       // sys/sys/signal.h
    public static final int SIGTERM = 15;       // sys/sys/signal.h
    public static final int SIGURG = 16;        // sys/sys/signal.h (Linux 23)
    public static final int SIGSTOP = 17;       // sys/sys/signal.h (Linux 19)
    public static final int SIGTSTP = 18;       // sys/sys/signal.h (Linux 20)
    public static final int SIGCONT = 19;       // sys/sys/signal.h (Linux 18)
    public static final int SIGCHLD = 20;       // sys/sys/signal.h (Linux 17)
    public static final int SIGTTIN = 21;       // sys/sys/signal.h
    public static final int SIGTTOU = 22;       // sys/sys/signal.h
    public static final int SIGIO = 23;         // sys/sys/signal.h (Linux 29)
    public static final int SIGXCPU = 24;       // sys/sys/signal.h
    public static final int SIGXFSZ = 25;       // sys/sys/signal.h
    public static final int SIGVTALRM = 26;     // sys/sys/signal.h
    public static final int SIGPROF = 27;       // sys/sys/signal.h
    public static final int SIGWINCH = 28;      // sys/sys/signal.h
    public static final int SIGINFO = 29;       // sys/sys/signal.h (FreeBSD only)
    public static final int SIGUSR1 = 30;       // sys/sys/signal.h (Linux 10)
    public static final int SIGUSR2 = 31;       // sys/sys/signal.h (Linux 12)
    public static final int SIGTHR = 32;        // sys/sys/signal.h (reserved by libthr; = SIGLWP)
    public static final int SIGLIBRT = 33;      // sys/sys/signal.h (reserved by librt)
    public static final int SIGRTMIN = 65;      // sys/sys/signal.h
    public static final int SIGRTMAX = 126;     // sys/sys/signal.h
    /** The highest signal number a sigset_t holds ({@code _SIG_MAXSIG}, sys/sys/_sigset.h: 4 x 32 bits). */
    public static final int SIG_MAXSIG = 128;   // sys/sys/_sigset.h
    public static final long SIG_DFL = 0L;      // sys/sys/signal.h ((__sighandler_t *)0)
    public static final long SIG_IGN = 1L;      // sys/sys/signal.h ((__sighandler_t *)1)
    public static final int SIG_BLOCK = 1;      // sys/sys/signal.h (Linux 0)
    public static final int SIG_UNBLOCK = 2;    // sys/sys/signal.h (Linux 1)
    public static final int SIG_SETMASK = 3;    // sys/sys/signal.h (Linux 2)
    /** sizeof(sigset_t): {@code __uint32_t __bits[4]} (sys/sys/_sigset.h; glibc: 128). */
    public static final int SIGSET_SIZE = 16;   // sys/sys/_sigset.h

    // ---- siginfo si_code for SIGCHLD: sys/sys/signal.h (platform-facts 1.6) ----
    public static final int CLD_EXITED = 1;     // sys/sys/signal.h
    public static final int CLD_KILLED = 2;     // sys/sys/signal.h
    public static final int CLD_DUMPED = 3;     // sys/sys/signal.h
    public static final int CLD_TRAPPED = 4;    // sys/sys/signal.h
    public static final int CLD_STOPPED = 5;    // sys/sys/signal.h
    public static final int CLD_CONTINUED = 6;  // sys/sys/signal.h

    // ---- open(2) flags: sys/sys/fcntl.h (platform-facts 1.10 for O_CLOEXEC, O_NONBLOCK) ----
    public static final int O_RDONLY = 0x0000;      // sys/sys/fcntl.h
    public static final int O_WRONLY = 0x0001;      // sys/sys/fcntl.h
    public static final int O_RDWR = 0x0002;        // sys/sys/fcntl.h
    public static final int O_NONBLOCK = 0x0004;    // sys/sys/fcntl.h (Linux 0x800)
    public static final int O_APPEND = 0x0008;      // sys/sys/fcntl.h (Linux 0x400)
    public static final int O_CREAT = 0x0200;       // sys/sys/fcntl.h (Linux 0x40)
    public static final int O_TRUNC = 0x0400;       // sys/sys/fcntl.h (Linux 0x200)
    public static final int O_EXCL = 0x0800;        // sys/sys/fcntl.h (Linux 0x80)
    public static final int O_CLOEXEC = 0x00100000; // sys/sys/fcntl.h (Linux 0x80000)

    // ---- fcntl(2) commands: sys/sys/fcntl.h ----
    public static final int F_DUPFD = 0;            // sys/sys/fcntl.h
    public static final int F_GETFD = 1;            // sys/sys/fcntl.h
    public static final int F_SETFD = 2;            // sys/sys/fcntl.h
    public static final int F_GETFL = 3;            // sys/sys/fcntl.h
    public static final int F_SETFL = 4;            // sys/sys/fcntl.h
    public static final int F_DUPFD_CLOEXEC = 17;   // sys/sys/fcntl.h (Linux 1030)
    public static final int FD_CLOEXEC = 1;         // sys/sys/fcntl.h

    // ---- sockets: sys/sys/socket.h, sys/sys/un.h (platform-facts 1.8, 1.10) ----
    public static final int AF_UNIX = 1;                    // sys/sys/socket.h (= AF_LOCAL)
    public static final int SOCK_STREAM = 1;                // sys/sys/socket.h
    public static final int SOCK_DGRAM = 2;                 // sys/sys/socket.h
    public static final int SOCK_CLOEXEC = 0x10000000;      // sys/sys/socket.h (Linux 0x80000)
    public static final int SOCK_NONBLOCK = 0x20000000;     // sys/sys/socket.h (Linux 0x800)
    public static final int SOL_SOCKET = 0xffff;            // sys/sys/socket.h (Linux 1)
    public static final int SCM_RIGHTS = 0x01;              // sys/sys/socket.h
    public static final int MSG_CTRUNC = 0x20;              // sys/sys/socket.h
    public static final int MSG_TRUNC = 0x10;               // sys/sys/socket.h
    public static final int MSG_NOSIGNAL = 0x00020000;      // sys/sys/socket.h
    public static final int MSG_CMSG_CLOEXEC = 0x00040000;  // sys/sys/socket.h (Linux 0x40000000)
    public static final int SOL_LOCAL = 0;                  // sys/sys/un.h
    public static final int LOCAL_PEERCRED = 1;             // sys/sys/un.h
    public static final int XUCRED_VERSION = 0;             // sys/sys/ucred.h
    public static final int XU_NGROUPS = 16;                // sys/sys/ucred.h

    // ---- stat(2) mode bits: sys/sys/stat.h (platform-facts 1.1: procdesc st_mode) ----
    public static final int S_IFMT = 0170000;       // sys/sys/stat.h
    public static final int S_IFREG = 0100000;      // sys/sys/stat.h
    public static final int S_IRWXU = 0000700;      // sys/sys/stat.h (set on a procdesc while the process lives)

    // ---- posix_spawn: include/spawn.h (platform-facts 1.3; the flags argument is a C short) ----
    public static final short POSIX_SPAWN_RESETIDS = 0x01;       // include/spawn.h
    public static final short POSIX_SPAWN_SETPGROUP = 0x02;      // include/spawn.h
    public static final short POSIX_SPAWN_SETSCHEDPARAM = 0x04;  // include/spawn.h (glibc 0x10)
    public static final short POSIX_SPAWN_SETSCHEDULER = 0x08;   // include/spawn.h (glibc 0x20)
    public static final short POSIX_SPAWN_SETSIGDEF = 0x10;      // include/spawn.h (glibc 0x04)
    public static final short POSIX_SPAWN_SETSIGMASK = 0x20;     // include/spawn.h (glibc 0x08)
    public static final short POSIX_SPAWN_DISABLE_ASLR_NP = 0x40; // include/spawn.h (FreeBSD only)
    /** posix_spawnattr_t and posix_spawn_file_actions_t are pointers to libc-allocated structs (include/spawn.h). */
    public static final int SPAWN_HANDLE_SIZE = 8;              // include/spawn.h (typedef struct __posix_spawnattr *)

    // ---- process descriptors: sys/sys/procdesc.h (platform-facts 1.1) ----
    public static final int PD_DAEMON = 0x00000001;          // sys/sys/procdesc.h
    public static final int PD_CLOEXEC = 0x00000002;         // sys/sys/procdesc.h
    public static final int PD_ALLOWED_AT_FORK = 0x00000003; // sys/sys/procdesc.h
    public static final int SYS_PDFORK = 518;                // sys/sys/syscall.h
    public static final int SYS_PDKILL = 519;                // sys/sys/syscall.h
    public static final int SYS_PDGETPID = 520;              // sys/sys/syscall.h
    /** UNCONFIRMED (third-party listing of 16-CURRENT); never used: the libc symbol is probed instead. */
    public static final int SYS_PDRFORK = 600;               // sys/sys/syscall.h (16-CURRENT), UNCONFIRMED
    /** UNCONFIRMED (third-party listing of 16-CURRENT); never used: the libc symbol is probed instead. */
    public static final int SYS_PDWAIT = 601;                // sys/sys/syscall.h (16-CURRENT), UNCONFIRMED

    // ---- rfork flags: sys/sys/unistd.h (platform-facts 1.4) ----
    public static final int RFFDG = 0x4;                // sys/sys/unistd.h
    public static final int RFPROC = 0x10;              // sys/sys/unistd.h
    public static final int RFMEM = 0x20;               // sys/sys/unistd.h
    public static final int RFNOWAIT = 0x40;            // sys/sys/unistd.h
    public static final int RFCFDG = 0x1000;            // sys/sys/unistd.h
    public static final int RFTHREAD = 0x2000;          // sys/sys/unistd.h
    public static final int RFSIGSHARE = 0x4000;        // sys/sys/unistd.h
    public static final int RFTSIGZMB = 0x80000;        // sys/sys/unistd.h
    public static final int RFPROCDESC = 0x10000000;    // sys/sys/unistd.h (1 << 28, kernel only)
    public static final int RFSPAWN = 0x80000000;       // sys/sys/unistd.h
    public static final int SYS_RFORK = 251;            // sys/sys/syscall.h
    public static final int CLOSE_RANGE_CLOEXEC = 0x4;  // sys/sys/unistd.h (1 << 2)
    public static final int CLOSE_RANGE_CLOFORK = 0x8;  // sys/sys/unistd.h (15.0)

    // ---- kqueue: sys/sys/event.h (platform-facts 1.5) ----
    public static final short EVFILT_READ = -1;      // sys/sys/event.h
    public static final short EVFILT_WRITE = -2;     // sys/sys/event.h
    public static final short EVFILT_AIO = -3;       // sys/sys/event.h
    public static final short EVFILT_VNODE = -4;     // sys/sys/event.h
    public static final short EVFILT_PROC = -5;      // sys/sys/event.h
    public static final short EVFILT_SIGNAL = -6;    // sys/sys/event.h
    public static final short EVFILT_TIMER = -7;     // sys/sys/event.h
    public static final short EVFILT_PROCDESC = -8;  // sys/sys/event.h
    public static final short EVFILT_FS = -9;        // sys/sys/event.h
    public static final short EVFILT_LIO = -10;      // sys/sys/event.h
    public static final short EVFILT_USER = -11;     // sys/sys/event.h

    public static final int EV_ADD = 0x0001;         // sys/sys/event.h
    public static final int EV_DELETE = 0x0002;      // sys/sys/event.h
    public static final int EV_ENABLE = 0x0004;      // sys/sys/event.h
    public static final int EV_DISABLE = 0x0008;     // sys/sys/event.h
    public static final int EV_ONESHOT = 0x0010;     // sys/sys/event.h
    public static final int EV_CLEAR = 0x0020;       // sys/sys/event.h
    public static final int EV_RECEIPT = 0x0040;     // sys/sys/event.h
    public static final int EV_DISPATCH = 0x0080;    // sys/sys/event.h
    public static final int EV_ERROR = 0x4000;       // sys/sys/event.h
    public static final int EV_EOF = 0x8000;         // sys/sys/event.h

    public static final int NOTE_EXIT = 0x80000000;      // sys/sys/event.h
    public static final int NOTE_FORK = 0x40000000;      // sys/sys/event.h
    public static final int NOTE_EXEC = 0x20000000;      // sys/sys/event.h
    public static final int NOTE_PCTRLMASK = 0xf0000000; // sys/sys/event.h
    public static final int NOTE_PDATAMASK = 0x000fffff; // sys/sys/event.h
    public static final int NOTE_TRACK = 0x00000001;     // sys/sys/event.h
    public static final int NOTE_FFNOP = 0;              // sys/sys/event.h
    public static final int NOTE_FFAND = 0x40000000;     // sys/sys/event.h
    public static final int NOTE_FFOR = 0x80000000;      // sys/sys/event.h
    public static final int NOTE_FFCOPY = 0xc0000000;    // sys/sys/event.h
    public static final int NOTE_TRIGGER = 0x01000000;   // sys/sys/event.h
    public static final int KQUEUE_CLOEXEC = 0x1;        // sys/sys/event.h (kqueuex, 15.0)
    public static final int SYS_KQUEUE = 362;            // sys/sys/syscall.h
    public static final int SYS_KEVENT = 560;            // sys/sys/syscall.h (64-byte kevent, FreeBSD 12+)

    // ---- wait: sys/sys/wait.h (platform-facts 1.6) ----
    public static final int WNOHANG = 1;         // sys/sys/wait.h
    public static final int WUNTRACED = 2;       // sys/sys/wait.h (= WSTOPPED)
    public static final int WSTOPPED = 2;        // sys/sys/wait.h
    public static final int WCONTINUED = 4;      // sys/sys/wait.h
    public static final int WNOWAIT = 8;         // sys/sys/wait.h
    public static final int WEXITED = 16;        // sys/sys/wait.h (0x10; Linux 4)
    public static final int WTRAPPED = 32;       // sys/sys/wait.h
    /** wait(2) status low 7 bits value for "stopped" ({@code _WSTOPPED}, sys/sys/wait.h). */
    public static final int W_STOPPED_CODE = 0177;  // sys/sys/wait.h
    /** The whole status of a continued process ({@code WIFCONTINUED(x) ((x) == 0x13)}, sys/sys/wait.h). */
    public static final int W_CONTINUED_STATUS = 0x13; // sys/sys/wait.h (Linux 0xffff)
    /** Core-dump flag in a wait status ({@code WCOREFLAG 0200}, sys/sys/wait.h). */
    public static final int WCOREFLAG = 0200;    // sys/sys/wait.h

    // ---- idtype_t: sys/sys/wait.h (platform-facts 1.6; id_t is int64) ----
    public static final int P_PID = 0;           // sys/sys/wait.h
    public static final int P_PPID = 1;          // sys/sys/wait.h
    public static final int P_PGID = 2;          // sys/sys/wait.h
    public static final int P_SID = 3;           // sys/sys/wait.h
    public static final int P_CID = 4;           // sys/sys/wait.h
    public static final int P_UID = 5;           // sys/sys/wait.h
    public static final int P_GID = 6;           // sys/sys/wait.h
    public static final int P_ALL = 7;           // sys/sys/wait.h (Linux 0)
    public static final int P_LWPID = 8;         // sys/sys/wait.h
    public static final int P_JAILID = 12;       // sys/sys/wait.h
    public static final int SYS_WAIT4 = 7;       // sys/sys/syscall.h
    public static final int SYS_WAIT6 = 532;     // sys/sys/syscall.h

    // ---- procctl: sys/sys/procctl.h (platform-facts 1.7) ----
    public static final int PROC_SPROTECT = 1;           // sys/sys/procctl.h
    public static final int PROC_REAP_ACQUIRE = 2;       // sys/sys/procctl.h
    public static final int PROC_REAP_RELEASE = 3;       // sys/sys/procctl.h
    public static final int PROC_REAP_STATUS = 4;        // sys/sys/procctl.h
    public static final int PROC_REAP_GETPIDS = 5;       // sys/sys/procctl.h
    public static final int PROC_REAP_KILL = 6;          // sys/sys/procctl.h
    public static final int PROC_TRACE_CTL = 7;          // sys/sys/procctl.h
    public static final int PROC_TRACE_STATUS = 8;       // sys/sys/procctl.h
    public static final int PROC_TRAPCAP_CTL = 9;        // sys/sys/procctl.h
    public static final int PROC_TRAPCAP_STATUS = 10;    // sys/sys/procctl.h
    public static final int PROC_PDEATHSIG_CTL = 11;     // sys/sys/procctl.h
    public static final int PROC_PDEATHSIG_STATUS = 12;  // sys/sys/procctl.h
    public static final int PROC_ASLR_CTL = 13;          // sys/sys/procctl.h
    public static final int PROC_NO_NEW_PRIVS_CTL = 19;  // sys/sys/procctl.h
    public static final int SYS_PROCCTL = 544;           // sys/sys/syscall.h
    public static final int REAPER_KILL_CHILDREN = 0x1;  // sys/sys/procctl.h
    public static final int REAPER_KILL_SUBTREE = 0x2;   // sys/sys/procctl.h
    public static final int REAPER_STATUS_OWNED = 0x1;   // sys/sys/procctl.h
    public static final int REAPER_STATUS_REALINIT = 0x2; // sys/sys/procctl.h
    public static final int REAPER_PIDINFO_VALID = 0x1;  // sys/sys/procctl.h
    public static final int REAPER_PIDINFO_CHILD = 0x2;  // sys/sys/procctl.h
    public static final int REAPER_PIDINFO_REAPER = 0x4; // sys/sys/procctl.h
    public static final int REAPER_PIDINFO_ZOMBIE = 0x8; // sys/sys/procctl.h
    public static final int REAPER_PIDINFO_STOPPED = 0x10; // sys/sys/procctl.h
    public static final int REAPER_PIDINFO_EXITING = 0x20; // sys/sys/procctl.h

    // ---- sysctl for kinfo_proc: sys/sys/sysctl.h ----
    public static final int CTL_KERN = 1;        // sys/sys/sysctl.h
    public static final int KERN_PROC = 14;      // sys/sys/sysctl.h
    public static final int KERN_PROC_PID = 1;   // sys/sys/sysctl.h

    // ---- other syscall numbers named in platform-facts 1.8/1.9 (documentation only: libc symbols are used) ----
    public static final int SYS_GETSOCKOPT = 118;    // sys/sys/syscall.h
    public static final int SYS_CLOSE_RANGE = 575;   // sys/sys/syscall.h
}
