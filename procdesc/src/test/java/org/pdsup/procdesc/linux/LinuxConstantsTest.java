package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.Signal;

/**
 * Pins the Linux numbers to platform-facts sections 1.10 and 2 (literals below are copied from there), and
 * checks them against this machine's own headers through the compiled layout probe.
 */
class LinuxConstantsTest {

    @Test
    void numbersMatchPlatformFacts() {
        assertThat(new int[] {LinuxConstants.EPERM, LinuxConstants.ENOENT, LinuxConstants.ESRCH, LinuxConstants.EINTR,
                LinuxConstants.EBADF, LinuxConstants.ECHILD, LinuxConstants.EAGAIN, LinuxConstants.ENOMEM,
                LinuxConstants.EINVAL, LinuxConstants.ENOSYS})
                .containsExactly(1, 2, 3, 4, 9, 10, 11, 12, 22, 38);
        assertThat(LinuxConstants.O_CLOEXEC).isEqualTo(0x80000);
        assertThat(LinuxConstants.O_NONBLOCK).isEqualTo(0x800);
        assertThat(LinuxConstants.SOCK_CLOEXEC).isEqualTo(0x80000);
        assertThat(LinuxConstants.FD_CLOEXEC).isEqualTo(1);
        assertThat(new int[] {LinuxConstants.P_ALL, LinuxConstants.P_PID, LinuxConstants.P_PGID, LinuxConstants.P_PIDFD})
                .containsExactly(0, 1, 2, 3);
        assertThat(new int[] {LinuxConstants.WNOHANG, LinuxConstants.WEXITED, LinuxConstants.WNOWAIT})
                .containsExactly(1, 4, 0x01000000);
        assertThat(LinuxConstants.PR_SET_PDEATHSIG).isEqualTo(1);
        assertThat(LinuxConstants.PR_SET_CHILD_SUBREAPER).isEqualTo(36);
        assertThat(LinuxConstants.POSIX_SPAWN_SETSIGDEF).isEqualTo((short) 0x04);
        assertThat(LinuxConstants.POSIX_SPAWN_SETSIGMASK).isEqualTo((short) 0x08);
        assertThat(LinuxConstants.POSIX_SPAWN_SETSID).isEqualTo((short) 0x80);
        assertThat(new int[] {LinuxConstants.EPOLLIN, LinuxConstants.EPOLLERR, LinuxConstants.EPOLLHUP,
                LinuxConstants.EPOLL_CTL_ADD, LinuxConstants.EPOLL_CTL_DEL, LinuxConstants.EPOLL_CTL_MOD,
                LinuxConstants.EPOLL_CLOEXEC}).containsExactly(0x1, 0x8, 0x10, 1, 2, 3, 0x80000);
        assertThat(LinuxConstants.EFD_CLOEXEC).isEqualTo(0x80000);
        assertThat(LinuxConstants.EFD_NONBLOCK).isEqualTo(0x800);
        assertThat(LinuxConstants.SFD_CLOEXEC).isEqualTo(0x80000);
        assertThat(LinuxConstants.SFD_NONBLOCK).isEqualTo(0x800);
        assertThat(LinuxConstants.SYS_PIDFD_SEND_SIGNAL).isEqualTo(424);
        assertThat(LinuxConstants.SYS_PIDFD_OPEN).isEqualTo(434);
    }

    @Test
    void signalNumbersMatchPlatformFacts() {
        Map<Signal, Integer> facts = Map.ofEntries(Map.entry(Signal.HUP, 1), Map.entry(Signal.INT, 2),
                Map.entry(Signal.QUIT, 3), Map.entry(Signal.KILL, 9), Map.entry(Signal.PIPE, 13),
                Map.entry(Signal.ALRM, 14), Map.entry(Signal.TERM, 15), Map.entry(Signal.BUS, 7),
                Map.entry(Signal.USR1, 10), Map.entry(Signal.USR2, 12), Map.entry(Signal.CHLD, 17),
                Map.entry(Signal.STOP, 19), Map.entry(Signal.TSTP, 20), Map.entry(Signal.CONT, 18),
                Map.entry(Signal.WINCH, 28));
        facts.forEach((sig, n) -> {
            assertThat(LinuxSignals.number(sig)).as("SIG" + sig).isEqualTo(n);
            assertThat(LinuxSignals.of(n)).contains(sig);
        });
        for (Signal s : Signal.values()) assertThat(LinuxSignals.of(LinuxSignals.number(s))).contains(s);
    }

    @Test
    void numbersMatchThisMachinesHeaders() throws Exception {
        Map<String, Integer> ours = Map.ofEntries(
                Map.entry("EPERM", LinuxConstants.EPERM), Map.entry("ENOENT", LinuxConstants.ENOENT),
                Map.entry("ESRCH", LinuxConstants.ESRCH), Map.entry("EINTR", LinuxConstants.EINTR),
                Map.entry("EBADF", LinuxConstants.EBADF), Map.entry("ECHILD", LinuxConstants.ECHILD),
                Map.entry("EAGAIN", LinuxConstants.EAGAIN), Map.entry("ENOMEM", LinuxConstants.ENOMEM),
                Map.entry("EACCES", LinuxConstants.EACCES), Map.entry("EINVAL", LinuxConstants.EINVAL),
                Map.entry("ERANGE", LinuxConstants.ERANGE), Map.entry("ENOSYS", LinuxConstants.ENOSYS),
                Map.entry("O_WRONLY", LinuxConstants.O_WRONLY), Map.entry("O_RDWR", LinuxConstants.O_RDWR),
                Map.entry("O_CREAT", LinuxConstants.O_CREAT), Map.entry("O_TRUNC", LinuxConstants.O_TRUNC),
                Map.entry("O_APPEND", LinuxConstants.O_APPEND), Map.entry("O_NONBLOCK", LinuxConstants.O_NONBLOCK),
                Map.entry("O_CLOEXEC", LinuxConstants.O_CLOEXEC), Map.entry("F_GETFD", LinuxConstants.F_GETFD),
                Map.entry("F_SETFD", LinuxConstants.F_SETFD), Map.entry("F_GETFL", LinuxConstants.F_GETFL),
                Map.entry("F_SETFL", LinuxConstants.F_SETFL), Map.entry("FD_CLOEXEC", LinuxConstants.FD_CLOEXEC),
                Map.entry("AF_UNIX", LinuxConstants.AF_UNIX), Map.entry("SOCK_STREAM", LinuxConstants.SOCK_STREAM),
                Map.entry("SOCK_CLOEXEC", LinuxConstants.SOCK_CLOEXEC), Map.entry("SOL_SOCKET", LinuxConstants.SOL_SOCKET),
                Map.entry("SCM_RIGHTS", LinuxConstants.SCM_RIGHTS),
                Map.entry("MSG_CMSG_CLOEXEC", LinuxConstants.MSG_CMSG_CLOEXEC),
                Map.entry("MSG_NOSIGNAL", LinuxConstants.MSG_NOSIGNAL),
                Map.entry("EMFILE", LinuxConstants.EMFILE), Map.entry("EPROTO", LinuxConstants.EPROTO),
                Map.entry("ECONNRESET", LinuxConstants.ECONNRESET),
                Map.entry("WNOHANG", LinuxConstants.WNOHANG), Map.entry("WEXITED", LinuxConstants.WEXITED),
                Map.entry("WNOWAIT", LinuxConstants.WNOWAIT), Map.entry("P_ALL", LinuxConstants.P_ALL),
                Map.entry("P_PID", LinuxConstants.P_PID), Map.entry("P_PGID", LinuxConstants.P_PGID),
                Map.entry("P_PIDFD", LinuxConstants.P_PIDFD),
                Map.entry("RUSAGE_SELF", LinuxConstants.RUSAGE_SELF),
                Map.entry("PR_SET_PDEATHSIG", LinuxConstants.PR_SET_PDEATHSIG),
                Map.entry("PR_GET_PDEATHSIG", LinuxConstants.PR_GET_PDEATHSIG),
                Map.entry("PR_SET_CHILD_SUBREAPER", LinuxConstants.PR_SET_CHILD_SUBREAPER),
                Map.entry("PR_GET_CHILD_SUBREAPER", LinuxConstants.PR_GET_CHILD_SUBREAPER),
                Map.entry("POSIX_SPAWN_SETSIGDEF", (int) LinuxConstants.POSIX_SPAWN_SETSIGDEF),
                Map.entry("POSIX_SPAWN_SETSIGMASK", (int) LinuxConstants.POSIX_SPAWN_SETSIGMASK),
                Map.entry("POSIX_SPAWN_SETSID", (int) LinuxConstants.POSIX_SPAWN_SETSID),
                Map.entry("POLLIN", (int) LinuxConstants.POLLIN), Map.entry("POLLHUP", (int) LinuxConstants.POLLHUP),
                Map.entry("EPOLLIN", LinuxConstants.EPOLLIN), Map.entry("EPOLLERR", LinuxConstants.EPOLLERR),
                Map.entry("EPOLLHUP", LinuxConstants.EPOLLHUP), Map.entry("EPOLL_CTL_ADD", LinuxConstants.EPOLL_CTL_ADD),
                Map.entry("EPOLL_CTL_DEL", LinuxConstants.EPOLL_CTL_DEL),
                Map.entry("EPOLL_CTL_MOD", LinuxConstants.EPOLL_CTL_MOD),
                Map.entry("EPOLL_CLOEXEC", LinuxConstants.EPOLL_CLOEXEC),
                Map.entry("EFD_CLOEXEC", LinuxConstants.EFD_CLOEXEC), Map.entry("EFD_NONBLOCK", LinuxConstants.EFD_NONBLOCK),
                Map.entry("SFD_CLOEXEC", LinuxConstants.SFD_CLOEXEC), Map.entry("SFD_NONBLOCK", LinuxConstants.SFD_NONBLOCK),
                Map.entry("SC_CLK_TCK", LinuxConstants.SC_CLK_TCK));
        for (Map.Entry<String, Integer> e : ours.entrySet()) {
            assertThat(HeaderProbe.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue().longValue());
        }
        for (Signal s : Signal.values()) {
            assertThat(HeaderProbe.get("SIG" + s)).as("SIG" + s).isEqualTo(LinuxSignals.number(s));
        }
    }

    @Test
    void errnoNamesForMessages() {
        assertThat(LinuxErrno.name(2)).isEqualTo("ENOENT");
        assertThat(LinuxErrno.name(13)).isEqualTo("EACCES");
        assertThat(LinuxErrno.name(20)).isEqualTo("ENOTDIR");
        assertThat(LinuxErrno.name(4242)).isEqualTo("errno 4242");
        assertThat(LinuxErrno.isTransient(LinuxConstants.EAGAIN)).isTrue();
        assertThat(LinuxErrno.isTransient(LinuxConstants.ENOMEM)).isTrue();
        assertThat(LinuxErrno.isTransient(LinuxConstants.ENOENT)).isFalse();
    }
}
