package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pins struct layouts to platform-facts (literals) and to this machine's headers (layout probe). */
class LinuxStructsTest {

    @Test
    void layoutsMatchPlatformFacts() {
        assertThat(LinuxStructs.Rusage.SIZE).isEqualTo(144);
        assertThat(LinuxStructs.Rusage.RU_MAXRSS).isEqualTo(32);
        assertThat(LinuxStructs.Rusage.RU_STIME_SEC).isEqualTo(16);
        assertThat(LinuxStructs.Siginfo.SIZE).isEqualTo(128);
        assertThat(LinuxStructs.Siginfo.SI_PID).isEqualTo(16);
        assertThat(LinuxStructs.Siginfo.SI_STATUS).isEqualTo(24);
        assertThat(LinuxStructs.Spawn.POSIX_SPAWNATTR_SIZE).isEqualTo(336);
        assertThat(LinuxStructs.Spawn.POSIX_SPAWN_FILE_ACTIONS_SIZE).isEqualTo(80);
        assertThat(LinuxStructs.Spawn.SIGSET_SIZE).isEqualTo(128);
        assertThat(LinuxStructs.Passwd.PW_UID).isEqualTo(16);
        assertThat(LinuxStructs.Passwd.PW_GID).isEqualTo(20);
        assertThat(LinuxStructs.Passwd.PW_DIR).isEqualTo(32);
        assertThat(LinuxStructs.Group.GR_GID).isEqualTo(16);
        assertThat(LinuxStructs.Group.GR_MEM).isEqualTo(24);
    }

    /** x86_64 packs struct epoll_event (12 bytes, data @4); aarch64 does not (16 bytes, data @8). */
    @Test
    void epollEventLayoutForBothArchitectures() {
        assertThat(LinuxStructs.EpollEvent.X86_64_SIZE).isEqualTo(12);
        assertThat(LinuxStructs.EpollEvent.X86_64_DATA).isEqualTo(4);
        assertThat(LinuxStructs.EpollEvent.AARCH64_SIZE).isEqualTo(16);
        assertThat(LinuxStructs.EpollEvent.AARCH64_DATA).isEqualTo(8);
        String arch = System.getProperty("os.arch");
        String saved = arch;
        try {
            System.setProperty("os.arch", "aarch64");
            assertThat(LinuxStructs.EpollEvent.size()).isEqualTo(16);
            assertThat(LinuxStructs.EpollEvent.dataOffset()).isEqualTo(8);
            System.setProperty("os.arch", "amd64");
            assertThat(LinuxStructs.EpollEvent.size()).isEqualTo(12);
            assertThat(LinuxStructs.EpollEvent.dataOffset()).isEqualTo(4);
        } finally {
            System.setProperty("os.arch", saved);
        }
    }

    @Test
    void layoutsMatchThisMachinesHeaders() throws Exception {
        check("sizeof.struct passwd", LinuxStructs.Passwd.SIZE);
        check("offsetof.struct passwd.pw_name", LinuxStructs.Passwd.PW_NAME);
        check("offsetof.struct passwd.pw_passwd", LinuxStructs.Passwd.PW_PASSWD);
        check("offsetof.struct passwd.pw_uid", LinuxStructs.Passwd.PW_UID);
        check("offsetof.struct passwd.pw_gid", LinuxStructs.Passwd.PW_GID);
        check("offsetof.struct passwd.pw_gecos", LinuxStructs.Passwd.PW_GECOS);
        check("offsetof.struct passwd.pw_dir", LinuxStructs.Passwd.PW_DIR);
        check("offsetof.struct passwd.pw_shell", LinuxStructs.Passwd.PW_SHELL);
        check("sizeof.struct group", LinuxStructs.Group.SIZE);
        check("offsetof.struct group.gr_name", LinuxStructs.Group.GR_NAME);
        check("offsetof.struct group.gr_passwd", LinuxStructs.Group.GR_PASSWD);
        check("offsetof.struct group.gr_gid", LinuxStructs.Group.GR_GID);
        check("offsetof.struct group.gr_mem", LinuxStructs.Group.GR_MEM);
        check("sizeof.struct rusage", LinuxStructs.Rusage.SIZE);
        check("offsetof.struct rusage.ru_utime", LinuxStructs.Rusage.RU_UTIME_SEC);
        check("offsetof.struct rusage.ru_stime", LinuxStructs.Rusage.RU_STIME_SEC);
        check("offsetof.struct rusage.ru_maxrss", LinuxStructs.Rusage.RU_MAXRSS);
        check("offsetof.struct timeval.tv_usec", LinuxStructs.Rusage.RU_UTIME_USEC);
        check("sizeof.siginfo_t", LinuxStructs.Siginfo.SIZE);
        check("sizeof.struct signalfd_siginfo", LinuxStructs.SignalfdSiginfo.SIZE);
        check("offsetof.siginfo_t.si_signo", LinuxStructs.Siginfo.SI_SIGNO);
        check("offsetof.siginfo_t.si_errno", LinuxStructs.Siginfo.SI_ERRNO);
        check("offsetof.siginfo_t.si_code", LinuxStructs.Siginfo.SI_CODE);
        check("offsetof.siginfo_t.si_pid", LinuxStructs.Siginfo.SI_PID);
        check("offsetof.siginfo_t.si_uid", LinuxStructs.Siginfo.SI_UID);
        check("offsetof.siginfo_t.si_status", LinuxStructs.Siginfo.SI_STATUS);
        check("sizeof.posix_spawnattr_t", LinuxStructs.Spawn.POSIX_SPAWNATTR_SIZE);
        check("sizeof.posix_spawn_file_actions_t", LinuxStructs.Spawn.POSIX_SPAWN_FILE_ACTIONS_SIZE);
        check("sizeof.sigset_t", LinuxStructs.Spawn.SIGSET_SIZE);
        check("sizeof.struct epoll_event", LinuxStructs.EpollEvent.size());
        check("offsetof.struct epoll_event.events", LinuxStructs.EpollEvent.EVENTS);
        check("offsetof.struct epoll_event.data", LinuxStructs.EpollEvent.dataOffset());
        check("sizeof.struct msghdr", LinuxStructs.MsgHdr.SIZE);
        check("offsetof.struct msghdr.msg_name", LinuxStructs.MsgHdr.MSG_NAME);
        check("offsetof.struct msghdr.msg_namelen", LinuxStructs.MsgHdr.MSG_NAMELEN);
        check("offsetof.struct msghdr.msg_iov", LinuxStructs.MsgHdr.MSG_IOV);
        check("offsetof.struct msghdr.msg_iovlen", LinuxStructs.MsgHdr.MSG_IOVLEN);
        check("offsetof.struct msghdr.msg_control", LinuxStructs.MsgHdr.MSG_CONTROL);
        check("offsetof.struct msghdr.msg_controllen", LinuxStructs.MsgHdr.MSG_CONTROLLEN);
        check("offsetof.struct msghdr.msg_flags", LinuxStructs.MsgHdr.MSG_FLAGS);
        check("offsetof.struct cmsghdr.cmsg_len", LinuxStructs.CmsgHdr.CMSG_LEN);
        check("offsetof.struct cmsghdr.cmsg_level", LinuxStructs.CmsgHdr.CMSG_LEVEL);
        check("offsetof.struct cmsghdr.cmsg_type", LinuxStructs.CmsgHdr.CMSG_TYPE);
        check("CMSG_DATA.offset", LinuxStructs.CmsgHdr.CMSG_DATA);
        check("CMSG_LEN.int", LinuxStructs.CmsgHdr.LEN_ONE_INT);
        check("CMSG_SPACE.int", LinuxStructs.CmsgHdr.SPACE_ONE_INT);
        check("sizeof.struct iovec", LinuxStructs.Iovec.SIZE);
        check("offsetof.struct iovec.iov_base", LinuxStructs.Iovec.IOV_BASE);
        check("offsetof.struct iovec.iov_len", LinuxStructs.Iovec.IOV_LEN);
        check("sizeof.struct pollfd", LinuxStructs.PollFd.SIZE);
        check("offsetof.struct pollfd.fd", LinuxStructs.PollFd.FD);
        check("offsetof.struct pollfd.events", LinuxStructs.PollFd.EVENTS);
        check("offsetof.struct pollfd.revents", LinuxStructs.PollFd.REVENTS);
    }

    private static void check(String probeName, int ours) throws Exception {
        assertThat(HeaderProbe.get(probeName)).as(probeName).isEqualTo(ours);
    }
}
