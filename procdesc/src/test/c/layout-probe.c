/*
 * layout-probe - prints "name value" lines of struct sizes, field offsets and constants from this system's
 * own headers; LinuxStructsTest compares them with LinuxStructs / LinuxConstants.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define P(name, value) printf("%s %ld\n", name, (long)(value))
#define SZ(type) P("sizeof." #type, sizeof(type))
#define OFF(type, field) P("offsetof." #type "." #field, offsetof(type, field))

int main(void)
{
	SZ(struct passwd); OFF(struct passwd, pw_name); OFF(struct passwd, pw_passwd); OFF(struct passwd, pw_uid);
	OFF(struct passwd, pw_gid); OFF(struct passwd, pw_gecos); OFF(struct passwd, pw_dir); OFF(struct passwd, pw_shell);
	SZ(struct group); OFF(struct group, gr_name); OFF(struct group, gr_passwd); OFF(struct group, gr_gid);
	OFF(struct group, gr_mem);
	SZ(struct rusage); OFF(struct rusage, ru_utime); OFF(struct rusage, ru_stime); OFF(struct rusage, ru_maxrss);
	P("offsetof.struct timeval.tv_usec", offsetof(struct timeval, tv_usec));
	SZ(siginfo_t); OFF(siginfo_t, si_signo); OFF(siginfo_t, si_errno); OFF(siginfo_t, si_code);
	OFF(siginfo_t, si_pid); OFF(siginfo_t, si_uid); OFF(siginfo_t, si_status);
	SZ(struct signalfd_siginfo);
	SZ(posix_spawnattr_t); SZ(posix_spawn_file_actions_t); SZ(sigset_t);
	SZ(struct epoll_event); OFF(struct epoll_event, events); OFF(struct epoll_event, data);
	SZ(struct msghdr); OFF(struct msghdr, msg_name); OFF(struct msghdr, msg_namelen); OFF(struct msghdr, msg_iov);
	OFF(struct msghdr, msg_iovlen); OFF(struct msghdr, msg_control); OFF(struct msghdr, msg_controllen);
	OFF(struct msghdr, msg_flags);
	SZ(struct cmsghdr); OFF(struct cmsghdr, cmsg_len); OFF(struct cmsghdr, cmsg_level); OFF(struct cmsghdr, cmsg_type);
	P("CMSG_LEN.int", CMSG_LEN(sizeof(int))); P("CMSG_SPACE.int", CMSG_SPACE(sizeof(int)));
	{
		struct { struct msghdr m; union { struct cmsghdr a; char b[CMSG_SPACE(sizeof(int))]; } c; } s;
		s.m.msg_control = s.c.b; s.m.msg_controllen = sizeof s.c.b;
		P("CMSG_DATA.offset", (char *)CMSG_DATA(CMSG_FIRSTHDR(&s.m)) - s.c.b);
	}
	SZ(struct iovec); OFF(struct iovec, iov_base); OFF(struct iovec, iov_len);
	SZ(struct pollfd); OFF(struct pollfd, fd); OFF(struct pollfd, events); OFF(struct pollfd, revents);

	P("EPERM", EPERM); P("ENOENT", ENOENT); P("ESRCH", ESRCH); P("EINTR", EINTR); P("EBADF", EBADF);
	P("ECHILD", ECHILD); P("EAGAIN", EAGAIN); P("ENOMEM", ENOMEM); P("EACCES", EACCES); P("EINVAL", EINVAL);
	P("ERANGE", ERANGE); P("ENOSYS", ENOSYS); P("EMFILE", EMFILE); P("EPROTO", EPROTO); P("ECONNRESET", ECONNRESET);
	P("O_WRONLY", O_WRONLY); P("O_RDWR", O_RDWR); P("O_CREAT", O_CREAT); P("O_TRUNC", O_TRUNC);
	P("O_APPEND", O_APPEND); P("O_NONBLOCK", O_NONBLOCK); P("O_CLOEXEC", O_CLOEXEC);
	P("F_GETFD", F_GETFD); P("F_SETFD", F_SETFD); P("F_GETFL", F_GETFL); P("F_SETFL", F_SETFL); P("FD_CLOEXEC", FD_CLOEXEC);
	P("AF_UNIX", AF_UNIX); P("SOCK_STREAM", SOCK_STREAM); P("SOCK_CLOEXEC", SOCK_CLOEXEC); P("SOL_SOCKET", SOL_SOCKET);
	P("SCM_RIGHTS", SCM_RIGHTS); P("MSG_CMSG_CLOEXEC", MSG_CMSG_CLOEXEC); P("MSG_NOSIGNAL", MSG_NOSIGNAL);
	P("WNOHANG", WNOHANG); P("WEXITED", WEXITED); P("WNOWAIT", WNOWAIT);
	P("P_ALL", P_ALL); P("P_PID", P_PID); P("P_PGID", P_PGID); P("P_PIDFD", P_PIDFD);
	P("PR_SET_PDEATHSIG", PR_SET_PDEATHSIG); P("PR_GET_PDEATHSIG", PR_GET_PDEATHSIG);
	P("PR_SET_CHILD_SUBREAPER", PR_SET_CHILD_SUBREAPER); P("PR_GET_CHILD_SUBREAPER", PR_GET_CHILD_SUBREAPER);
	P("POSIX_SPAWN_SETSIGDEF", POSIX_SPAWN_SETSIGDEF); P("POSIX_SPAWN_SETSIGMASK", POSIX_SPAWN_SETSIGMASK);
	P("POSIX_SPAWN_SETSID", POSIX_SPAWN_SETSID); P("RUSAGE_SELF", RUSAGE_SELF);
	P("POLLIN", POLLIN); P("POLLHUP", POLLHUP);
	P("EPOLLIN", EPOLLIN); P("EPOLLERR", EPOLLERR); P("EPOLLHUP", EPOLLHUP); P("EPOLL_CTL_ADD", EPOLL_CTL_ADD);
	P("EPOLL_CTL_DEL", EPOLL_CTL_DEL); P("EPOLL_CTL_MOD", EPOLL_CTL_MOD); P("EPOLL_CLOEXEC", EPOLL_CLOEXEC);
	P("EFD_CLOEXEC", EFD_CLOEXEC); P("EFD_NONBLOCK", EFD_NONBLOCK);
	P("SFD_CLOEXEC", SFD_CLOEXEC); P("SFD_NONBLOCK", SFD_NONBLOCK);
	P("SC_CLK_TCK", _SC_CLK_TCK); P("sysconf.SC_CLK_TCK", sysconf(_SC_CLK_TCK));
	P("SIGHUP", SIGHUP); P("SIGINT", SIGINT); P("SIGQUIT", SIGQUIT); P("SIGILL", SIGILL); P("SIGTRAP", SIGTRAP);
	P("SIGABRT", SIGABRT); P("SIGBUS", SIGBUS); P("SIGFPE", SIGFPE); P("SIGKILL", SIGKILL); P("SIGUSR1", SIGUSR1);
	P("SIGSEGV", SIGSEGV); P("SIGUSR2", SIGUSR2); P("SIGPIPE", SIGPIPE); P("SIGALRM", SIGALRM); P("SIGTERM", SIGTERM);
	P("SIGCHLD", SIGCHLD); P("SIGCONT", SIGCONT); P("SIGSTOP", SIGSTOP); P("SIGTSTP", SIGTSTP); P("SIGTTIN", SIGTTIN);
	P("SIGTTOU", SIGTTOU); P("SIGURG", SIGURG); P("SIGXCPU", SIGXCPU); P("SIGXFSZ", SIGXFSZ);
	P("SIGVTALRM", SIGVTALRM); P("SIGPROF", SIGPROF); P("SIGWINCH", SIGWINCH); P("SIGIO", SIGIO); P("SIGSYS", SIGSYS);
	return 0;
}
