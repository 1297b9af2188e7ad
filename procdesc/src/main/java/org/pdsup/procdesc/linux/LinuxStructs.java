package org.pdsup.procdesc.linux;

/**
 * Struct sizes and field offsets of the Linux LP64 ABI (x86_64 and aarch64, glibc), in bytes. Each nested class
 * names its header. Values from platform-facts section 2 and 1.6; {@code LinuxStructsTest} pins them and checks
 * them against the system's own headers through a compiled probe.
 */
public final class LinuxStructs {
    private LinuxStructs() {}

    /** struct passwd, pwd.h. */
    public static final class Passwd {
        private Passwd() {}
        public static final int SIZE = 48;
        public static final int PW_NAME = 0;
        public static final int PW_PASSWD = 8;
        public static final int PW_UID = 16;
        public static final int PW_GID = 20;
        public static final int PW_GECOS = 24;
        public static final int PW_DIR = 32;
        public static final int PW_SHELL = 40;
    }

    /** struct group, grp.h. */
    public static final class Group {
        private Group() {}
        public static final int SIZE = 32;
        public static final int GR_NAME = 0;
        public static final int GR_PASSWD = 8;
        public static final int GR_GID = 16;
        public static final int GR_MEM = 24;
    }

    /** struct rusage, bits/types/struct_rusage.h (timevals: tv_sec @0, tv_usec @8). ru_maxrss is in KiB. */
    public static final class Rusage {
        private Rusage() {}
        public static final int SIZE = 144;
        public static final int RU_UTIME_SEC = 0;
        public static final int RU_UTIME_USEC = 8;
        public static final int RU_STIME_SEC = 16;
        public static final int RU_STIME_USEC = 24;
        public static final int RU_MAXRSS = 32;
    }

    /** siginfo_t, bits/types/siginfo_t.h (SIGCHLD member of the union). */
    public static final class Siginfo {
        private Siginfo() {}
        public static final int SIZE = 128;
        public static final int SI_SIGNO = 0;
        public static final int SI_ERRNO = 4;
        public static final int SI_CODE = 8;
        public static final int SI_PID = 16;
        public static final int SI_UID = 20;
        public static final int SI_STATUS = 24;
    }

    /** struct signalfd_siginfo, sys/signalfd.h (linux/signalfd.h): 128 bytes per signal read. */
    public static final class SignalfdSiginfo {
        private SignalfdSiginfo() {}
        public static final int SIZE = 128;
    }

    /** Caller-allocated spawn types, bits/types/... via spawn.h and bits/sigset.h (glibc). */
    public static final class Spawn {
        private Spawn() {}
        public static final int POSIX_SPAWNATTR_SIZE = 336;
        public static final int POSIX_SPAWN_FILE_ACTIONS_SIZE = 80;
        public static final int SIGSET_SIZE = 128;
    }

    /**
     * struct epoll_event, sys/epoll.h: {@code uint32_t events; epoll_data_t data;}. glibc declares it
     * {@code __EPOLL_PACKED} on x86_64 only: 12 bytes with data @4 there, 16 bytes with data @8 on aarch64.
     */
    public static final class EpollEvent {
        private EpollEvent() {}
        public static final int EVENTS = 0;
        public static final int X86_64_SIZE = 12;
        public static final int X86_64_DATA = 4;
        public static final int AARCH64_SIZE = 16;
        public static final int AARCH64_DATA = 8;

        /** True on x86_64 (packed layout), from {@code os.arch}. */
        public static boolean packed() {
            String arch = System.getProperty("os.arch", "");
            return arch.equals("amd64") || arch.equals("x86_64");
        }

        public static int size() {
            return packed() ? X86_64_SIZE : AARCH64_SIZE;
        }

        public static int dataOffset() {
            return packed() ? X86_64_DATA : AARCH64_DATA;
        }
    }

    /** struct msghdr, bits/socket.h. msg_namelen is a socklen_t (4 bytes) followed by padding. */
    public static final class MsgHdr {
        private MsgHdr() {}
        public static final int SIZE = 56;
        public static final int MSG_NAME = 0;
        public static final int MSG_NAMELEN = 8;
        public static final int MSG_IOV = 16;
        public static final int MSG_IOVLEN = 24;
        public static final int MSG_CONTROL = 32;
        public static final int MSG_CONTROLLEN = 40;
        public static final int MSG_FLAGS = 48;
    }

    /**
     * struct cmsghdr, bits/socket.h: {@code size_t cmsg_len; int cmsg_level; int cmsg_type;} then data aligned
     * to size_t. CMSG_LEN(sizeof(int)) = 20, CMSG_SPACE(sizeof(int)) = 24.
     */
    public static final class CmsgHdr {
        private CmsgHdr() {}
        public static final int CMSG_LEN = 0;
        public static final int CMSG_LEVEL = 8;
        public static final int CMSG_TYPE = 12;
        public static final int CMSG_DATA = 16;
        public static final int LEN_ONE_INT = 20;
        public static final int SPACE_ONE_INT = 24;
    }

    /** struct iovec, bits/types/struct_iovec.h. */
    public static final class Iovec {
        private Iovec() {}
        public static final int SIZE = 16;
        public static final int IOV_BASE = 0;
        public static final int IOV_LEN = 8;
    }

    /** struct pollfd, sys/poll.h (the same on FreeBSD). */
    public static final class PollFd {
        private PollFd() {}
        public static final int SIZE = 8;
        public static final int FD = 0;
        public static final int EVENTS = 4;
        public static final int REVENTS = 6;
    }
}
