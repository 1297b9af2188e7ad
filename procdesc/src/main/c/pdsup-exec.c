/*
 * pdsup-exec - the exec helper of pdsup (https://github.com/ pdsup project, docs/procdesc.md).
 *
 * pdsupd never forks the JVM: it posix_spawn()s this small, single-threaded program, which applies what
 * posix_spawn cannot (session, limits, nice, umask, credentials, parent-death signal) and then execs the
 * service in place: same process, so the descriptor pdsupd holds stays valid.
 *
 * Usage (each option a word, its value the next word; nothing is read from the environment, the service's):
 *   pdsup-exec -S statusfd -V version [-F sockfd] [-D] [-s] [-L] [-c class] [-r name=value]... [-n nice]
 *              [-m umask-octal] [-G gid,gid,...|-G ''] [-g gid] [-u uid] [-d signum] [-p ppid]
 *              -- /path/to/program argv0 args...
 *
 *   -S fd     status pipe or socket, always first: on failure one line "E <errno> <stage> <detail>\n" and exit
 *             127; made close-on-exec, so EOF on its read end means the exec succeeded.
 *   -V n      protocol version, always second (the handshake): must equal PDSUP_EXEC_PROTOCOL, else stage
 *             "version", detail "helper=<ours> pdsupd=<n>". Without "-S <pipe|socket> -V <n>" first the helper
 *             was not started by pdsupd: it says so on stderr and exits 127 without touching anything.
 *   -F fd     fork-and-pass mode: fork (pdfork(PD_CLOEXEC[|PD_DAEMON]) on FreeBSD, fork + pidfd_open on
 *             Linux), send the child's descriptor over this Unix socket with SCM_RIGHTS and the child's PID
 *             (a native int) as the one-byte-aligned payload, then exit 0. The child waits for one byte 'G'
 *             on the same socket, which the supervisor writes after it has reaped this helper (so the child
 *             is by then the supervisor's child), and continues below. EOF instead of 'G': it exits.
 *   -D        daemon (FreeBSD: PD_DAEMON on the descriptor; Linux: nothing, simply no -d).
 *   -s        setsid(2).
 *   -L        set LISTEN_PID=<own pid> in the environment just before exec (sd_listen_fds(3): the service checks
 *             that the passed listening sockets are meant for it; only the child knows its PID before exec).
 *   -c class  FreeBSD login class (login.conf(5); '' = the user's own) for the user of -u, after setsid:
 *             setusercontext(3) limits, priority, umask (-r -n -m override them), setlogin(2) only with -s. *   -r n=v    setrlimit(2), soft = hard = v; n in nofile nproc core as data stack fsize cpu memlock;
 *             v a decimal number or "unlimited".
 *   -n n      nice(3) increment.
 *   -m mask   umask(2), octal.
 *   -G list   setgroups(2) with comma-separated gids; '' clears the supplementary groups.
 *   -g gid    setgid(2).   -u uid   setuid(2).
 *   -d sig    parent-death signal (Linux PR_SET_PDEATHSIG, FreeBSD PROC_PDEATHSIG_CTL), set after the ids.
 *   -p pid    then getppid() must equal pid (the supervisor), else it is gone: stage "ppid".
 *
 * Linux only: "pdsup-exec -Z sockfd -V n" runs the fork server instead (pdsup-forkserver.c): it reads spawn
 * requests on the socket and, for each, clones a child (CLONE_PARENT: the supervisor's child) that continues in
 * pdsup_exec() with the request's argv, which is the argv above.
 *
 * The order of application is fixed: setsid, login class, rlimits, nice, umask, groups, gid, uid,
 * parent-death signal (+ getppid check), LISTEN_PID, exec. Stages in status lines: version usage fork pidfd_open
 * sendmsg handoff setsid login-class rlimit nice umask setgroups setgid setuid pdeathsig ppid listen-pid exec; errno is this
 * system's. FreeBSD-only code is only the calls Linux lacks (pdfork, procctl, setusercontext), read against freebsd-src
 * headers at the commits named in docs/procdesc-freebsd.md; everything else is what the Linux tests run.
 */
#if defined(__linux__)
#define _GNU_SOURCE
#endif
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__FreeBSD__)
#include <sys/procctl.h>
#include <sys/procdesc.h>
#include <login_cap.h>
#include <pwd.h>
#elif defined(__linux__)
#include <sys/prctl.h>
#include <sys/syscall.h>
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434 /* asm-generic/unistd.h, x86_64 syscall_64.tbl */
#endif
#endif

#ifndef PDSUP_EXEC_PROTOCOL /* = ExecHelper.PROTOCOL_VERSION; 1 was the helper before the handshake */
#define PDSUP_EXEC_PROTOCOL 3 /* 3: -L */
#endif
#define MAX_RLIMITS 16
#define MAX_GROUPS 1024

int status_fd = -1; /* also set by the fork server's child (pdsup-forkserver.c) */
int pdsup_go_fd = -1; /* fork server's child: read one 'G' here before the exec (pdsup-forkserver.c) */
void pdsup_fail(int err, const char *stage, const char *detail) __attribute__((noreturn));
void pdsup_exec(int argc, char **argv) __attribute__((noreturn));
int pdsup_send(int sock, int fd, const void *payload, size_t len);
/* "-Z": the fork server's entry, set by pdsup-forkserver.c when it is linked in (Linux); NULL when this file is
 * built alone (the FreeBSD port, tests): then -Z is refused like any argv that is not the handshake */
int (*pdsup_fork_server_main)(int argc, char **argv);
#define fail pdsup_fail

void pdsup_fail(int err, const char *stage, const char *detail)
{
	if (status_fd >= 0) {
		char line[600];
		int n = snprintf(line, sizeof line, "E %d %s %s\n", err, stage,
		    detail != NULL && detail[0] != '\0' ? detail : "-");
		if (n > (int)sizeof line - 1)
			n = (int)sizeof line - 1;
		const char *p = line;
		while (n > 0) {
			ssize_t w = write(status_fd, p, (size_t)n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			p += w;
			n -= (int)w;
		}
	}
	_exit(127);
}

static long long number(const char *text, int base, const char *stage)
{
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, base);
	if (errno != 0 || end == text || *end != '\0')
		fail(EINVAL, stage, text);
	return v;
}

struct limit {
	const char *name;
	int resource;
};

static const struct limit limits[] = {
	{ "nofile", RLIMIT_NOFILE }, { "nproc", RLIMIT_NPROC }, { "core", RLIMIT_CORE },
	{ "as", RLIMIT_AS }, { "data", RLIMIT_DATA }, { "stack", RLIMIT_STACK },
	{ "fsize", RLIMIT_FSIZE }, { "cpu", RLIMIT_CPU }, { "memlock", RLIMIT_MEMLOCK },
};

struct options {
	int sock_fd, daemon, setsid, nice_set, nice, umask_set, groups_set, ngroups;
	int gid_set, uid_set, deathsig, ppid_set, nrlimits, listen_pid;
	mode_t umask;
	gid_t groups[MAX_GROUPS];
	gid_t gid;
	uid_t uid;
	pid_t ppid;
	const char *login_class; /* NULL: none; "": the user's own class */
	const char *rlimit_arg[MAX_RLIMITS];
	char **program; /* program path, then argv0, args..., NULL */
};

static void parse_groups(struct options *o, const char *list)
{
	o->groups_set = 1;
	o->ngroups = 0;
	const char *p = list;
	while (*p != '\0') {
		char item[32];
		size_t len = strcspn(p, ",");
		if (len == 0 || len >= sizeof item || o->ngroups == MAX_GROUPS)
			fail(EINVAL, "usage", list);
		memcpy(item, p, len);
		item[len] = '\0';
		o->groups[o->ngroups++] = (gid_t)number(item, 10, "usage");
		p += len;
		if (*p == ',')
			p++;
	}
}

static void refuse_by_hand(void)
{
	static const char msg[] = "pdsup-exec: not meant to be run by hand: pdsupd starts it to run a service"
	    " (it expects -S <status pipe> -V <protocol version> first; see docs/procdesc.md)\n";
	ssize_t n = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)n;
	_exit(127);
}

/* The handshake: "-S <pipe or socket> -V <version>" first, else refuse; then the versions must match. */
static void handshake(int argc, char **argv)
{
	if (argc < 5 || strcmp(argv[1], "-S") != 0 || strcmp(argv[3], "-V") != 0)
		refuse_by_hand();
	char *end;
	errno = 0;
	long fd = strtol(argv[2], &end, 10);
	struct stat st;
	if (errno != 0 || end == argv[2] || *end != '\0' || fd < 0 || fd > 0x7fffffffL || fstat((int)fd, &st) != 0 ||
	    !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		refuse_by_hand();
	status_fd = (int)fd;
	(void)fcntl(status_fd, F_SETFD, FD_CLOEXEC);
	errno = 0;
	long version = strtol(argv[4], &end, 10);
	if (errno != 0 || end == argv[4] || *end != '\0' || version != PDSUP_EXEC_PROTOCOL) {
		char detail[80];
		snprintf(detail, sizeof detail, "helper=%d pdsupd=%.40s", PDSUP_EXEC_PROTOCOL, argv[4]);
		fail(0, "version", detail);
	}
}

static void parse(struct options *o, int argc, char **argv)
{
	memset(o, 0, sizeof *o);
	o->sock_fd = -1;
	int i = 5; /* after the handshake's -S fd -V n */
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *opt = argv[i];
		if (opt[0] != '-' || opt[1] == '\0' || opt[2] != '\0')
			fail(EINVAL, "usage", opt);
		char c = opt[1];
		if (c == 'D') { o->daemon = 1; continue; }
		if (c == 's') { o->setsid = 1; continue; }
		if (c == 'L') { o->listen_pid = 1; continue; }
		if (i + 1 >= argc)
			fail(EINVAL, "usage", opt);
		const char *v = argv[++i];
		switch (c) {
		case 'S': status_fd = (int)number(v, 10, "usage"); break;
		case 'F': o->sock_fd = (int)number(v, 10, "usage"); break;
		case 'c': o->login_class = v; break;
		case 'r':
			if (o->nrlimits == MAX_RLIMITS)
				fail(EINVAL, "usage", v);
			o->rlimit_arg[o->nrlimits++] = v;
			break;
		case 'n': o->nice_set = 1; o->nice = (int)number(v, 10, "usage"); break;
		case 'm': o->umask_set = 1; o->umask = (mode_t)number(v, 8, "usage"); break;
		case 'G': parse_groups(o, v); break;
		case 'g': o->gid_set = 1; o->gid = (gid_t)number(v, 10, "usage"); break;
		case 'u': o->uid_set = 1; o->uid = (uid_t)number(v, 10, "usage"); break;
		case 'd': o->deathsig = (int)number(v, 10, "usage"); break;
		case 'p': o->ppid_set = 1; o->ppid = (pid_t)number(v, 10, "usage"); break;
		default: fail(EINVAL, "usage", opt);
		}
	}
	if (status_fd >= 0)
		(void)fcntl(status_fd, F_SETFD, FD_CLOEXEC);
	if (o->login_class != NULL && !o->uid_set)
		fail(EINVAL, "usage", "-c needs -u");
	if (i + 2 >= argc) /* need "--", the path and argv0 */
		fail(EINVAL, "usage", "missing -- /path/to/program argv0");
	o->program = &argv[i + 1];
}

static void set_limit(const char *arg)
{
	char name[32];
	const char *eq = strchr(arg, '=');
	if (eq == NULL || (size_t)(eq - arg) >= sizeof name)
		fail(EINVAL, "rlimit", arg);
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
		if (strcmp(limits[k].name, name) != 0)
			continue;
		struct rlimit rl;
		if (strcmp(eq + 1, "unlimited") == 0)
			rl.rlim_cur = RLIM_INFINITY;
		else
			rl.rlim_cur = (rlim_t)number(eq + 1, 10, "rlimit");
		rl.rlim_max = rl.rlim_cur;
		if (setrlimit(limits[k].resource, &rl) != 0)
			fail(errno, "rlimit", name);
		return;
	}
	fail(EINVAL, "rlimit", name);
}

/*
 * FreeBSD setusercontext(3) (lib/libutil/login_cap.h): the class's limits, priority and umask; setlogin(2) only
 * as a session leader (else it would rename pdsupd's session). Ids stay with -G/-g/-u, the environment as is.
 */
static void apply_login_class(const struct options *o)
{
#if defined(__FreeBSD__)
	struct passwd *pw = getpwuid(o->uid);
	if (pw == NULL)
		fail(ENOENT, "login-class", "no passwd entry for -u");
	const char *which = o->login_class[0] == '\0' ? pw->pw_name : o->login_class; /* for messages */
	login_cap_t *lc = o->login_class[0] == '\0' ? login_getpwclass(pw) : login_getclass(o->login_class);
	if (lc == NULL)
		fail(errno != 0 ? errno : ENOENT, "login-class", which);
	unsigned flags = LOGIN_SETRESOURCES | LOGIN_SETPRIORITY | LOGIN_SETUMASK | (o->setsid ? LOGIN_SETLOGIN : 0);
	if (setusercontext(lc, pw, o->uid, flags) != 0) {
		int e = errno;
		login_close(lc);
		fail(e, "login-class", which);
	}
	login_close(lc);
#else
	(void)o;
	fail(ENOSYS, "login-class", "login classes exist only on FreeBSD");
#endif
}

/*
 * Sends len bytes of payload over the Unix socket sock, with descriptor fd (SCM_RIGHTS) unless it is negative;
 * 0 when all of it went. Also the fork server's reply (pdsup-forkserver.c).
 */
int pdsup_send(int sock, int fd, const void *payload, size_t len)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = (void *)payload, .iov_len = len };
	struct msghdr msg;
	memset(&msg, 0, sizeof msg);
	memset(&control, 0, sizeof control);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (fd >= 0) {
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof control.buf;
		struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &fd, sizeof fd);
	}
	ssize_t n;
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)len ? 0 : -1;
}

/* Sends descriptor fd and the pid (payload) over the Unix socket sock (SCM_RIGHTS). */
static int send_descriptor(int sock, int fd, pid_t pid)
{
	return pdsup_send(sock, fd, &pid, sizeof pid);
}

/* Waits for the supervisor's one byte 'G' on fd; end of file or anything else: it is gone, stage "handoff". */
static void await_go(int fd)
{
	char go = 0;
	ssize_t n;
	do
		n = read(fd, &go, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1 || go != 'G')
		fail(n < 0 ? errno : EPIPE, "handoff", "supervisor-gone");
}

/* Fork-and-pass mode: returns in the child once the supervisor says go; the parent never returns. */
static void fork_and_pass(const struct options *o)
{
	(void)fcntl(o->sock_fd, F_SETFD, FD_CLOEXEC);
#if defined(__FreeBSD__)
	int pd = -1;
	pid_t pid = pdfork(&pd, PD_CLOEXEC | (o->daemon ? PD_DAEMON : 0));
#else
	pid_t pid = fork();
#endif
	if (pid < 0)
		fail(errno, "fork", "-");
	if (pid == 0) {
		await_go(o->sock_fd);
		close(o->sock_fd);
		return;
	}
#if !defined(__FreeBSD__)
	int pd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pd < 0) {
		int e = errno;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail(e, "pidfd_open", "-");
	}
#endif
	if (send_descriptor(o->sock_fd, pd, pid) != 0) {
		int e = errno;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail(e, "sendmsg", "-");
	}
	_exit(0);
}

/* Applies the options of argv (after the handshake) and execs the service; returns only through fail(). */
void pdsup_exec(int argc, char **argv)
{
	static struct options o;
	char detail[32];

	handshake(argc, argv);
	parse(&o, argc, argv);
	if (o.sock_fd >= 0)
		fork_and_pass(&o);

	if (o.setsid && setsid() < 0)
		fail(errno, "setsid", "-");
	if (o.login_class != NULL)
		apply_login_class(&o);
	for (int k = 0; k < o.nrlimits; k++)
		set_limit(o.rlimit_arg[k]);
	if (o.nice_set) {
		errno = 0;
		if (nice(o.nice) == -1 && errno != 0)
			fail(errno, "nice", "-");
	}
	if (o.umask_set)
		umask(o.umask);
	if (o.groups_set && setgroups(o.ngroups, o.groups) != 0)
		fail(errno, "setgroups", "-");
	if (o.gid_set && setgid(o.gid) != 0) {
		snprintf(detail, sizeof detail, "%ld", (long)o.gid);
		fail(errno, "setgid", detail);
	}
	if (o.uid_set && setuid(o.uid) != 0) {
		snprintf(detail, sizeof detail, "%ld", (long)o.uid);
		fail(errno, "setuid", detail);
	}
	if (o.deathsig != 0) {
		/* after the id changes: Linux clears the parent-death signal on any euid/egid change */
#if defined(__FreeBSD__)
		int sig = o.deathsig;
		if (procctl(P_PID, 0, PROC_PDEATHSIG_CTL, &sig) != 0)
			fail(errno, "pdeathsig", "-");
#else
		if (prctl(PR_SET_PDEATHSIG, (unsigned long)o.deathsig, 0UL, 0UL, 0UL) != 0)
			fail(errno, "pdeathsig", "-");
#endif
	}
	if (o.ppid_set && getppid() != o.ppid) {
		snprintf(detail, sizeof detail, "%ld", (long)getppid());
		fail(ESRCH, "ppid", detail);
	}
	if (pdsup_go_fd >= 0) {
		/* the fork server's child: exec only once the supervisor holds the pidfd (it writes 'G') */
		await_go(pdsup_go_fd);
	}
	if (o.listen_pid) {
		char pid[24];
		snprintf(pid, sizeof pid, "%ld", (long)getpid());
		if (setenv("LISTEN_PID", pid, 1) != 0)
			fail(errno, "listen-pid", "-");
	}
	execv(o.program[0], &o.program[1]);
	fail(errno, "exec", o.program[0]);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "-Z") == 0 && pdsup_fork_server_main != NULL)
		return pdsup_fork_server_main(argc, argv);
	pdsup_exec(argc, argv);
	return 127;
}
