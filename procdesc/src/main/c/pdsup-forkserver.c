/*
 * pdsup-forkserver.c - the fork server of pdsup-exec (Linux only; docs/procdesc.md, "Fork server").
 *
 * "pdsup-exec -Z sockfd -V n": pdsupd starts this once, through the exec helper's hand-off like any service, so
 * it is pdsupd's child and dies with it (parent-death signal). It then serves spawn requests on the Unix stream
 * socket sockfd, one at a time, until end of file:
 *
 *   request  = header, body; the descriptors travel with the header's bytes (SCM_RIGHTS); the status
 *              descriptor (argv's -S slot) is a close-on-exec Unix stream socket
 *   header   = u32 magic 0x50444653 ("PDFS"), u32 body length, u32 nfds, u32 argc, u32 envc, u32 has_dir
 *   body     = i32 target[nfds], then argc, envc and has_dir NUL-terminated strings: argv (pdsup-exec's own
 *              argv, "-S slot -V n ... -- /path/program argv0 args"), environment, working directory
 *   reply    = i32 pid, i32 errno; with the child's pidfd (SCM_RIGHTS) when errno is 0
 *
 * For each request the server clones a child with CLONE_PARENT | CLONE_PIDFD (linux/sched.h): the child's
 * parent is pdsupd itself, not this server, so pdsupd reaps it, its parent-death signal follows pdsupd, and its
 * ru_maxrss starts from this small process, not from the JVM. The child writes "P <pid>" on the status socket,
 * moves the descriptors into their slots, closes every other one, changes directory, takes the request's
 * environment and continues in pdsup_exec(): options, then one byte 'G' read from the status socket, which
 * pdsupd writes once it holds the child's pidfd (end of file instead: pdsupd lost the reply, and the child exits
 * without running the service), then the exec; or one "E ..." line on the status socket.
 *
 * Why a server: every posix_spawn from the JVM copies the JVM's descriptor table (one pidfd and two pipes per
 * service) into the child and closes it again at exec; a fork of this server copies a handful of descriptors.
 */
#if defined(__linux__)
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000 /* linux/sched.h */
#endif
#ifndef CLONE_PARENT
#define CLONE_PARENT 0x00008000 /* linux/sched.h */
#endif
#ifndef SYS_clone3
#define SYS_clone3 435 /* asm-generic/unistd.h, x86_64 syscall_64.tbl */
#endif
#ifndef SYS_close_range
#define SYS_close_range 436 /* asm-generic/unistd.h, x86_64 syscall_64.tbl */
#endif

#define MAGIC 0x50444653u
#define MAX_FDS 250              /* below SCM_MAX_FD (253, include/net/scm.h) */
#define MAX_BODY (8u << 20)      /* more than ARG_MAX's 2 MiB of argv + environment */
#define HEADER_WORDS 6

extern int status_fd, pdsup_go_fd;
void pdsup_fail(int err, const char *stage, const char *detail) __attribute__((noreturn));
void pdsup_exec(int argc, char **argv) __attribute__((noreturn));
int pdsup_send(int sock, int fd, const void *payload, size_t len);
extern char **environ;
extern int (*pdsup_fork_server_main)(int argc, char **argv);

/* struct clone_args of linux/sched.h, CLONE_ARGS_SIZE_VER0 (64 bytes): declared here so that the program builds
 * with C libraries whose headers lack it */
struct clone_args_v0 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

struct request {
	uint32_t header[HEADER_WORDS];
	int fds[MAX_FDS];
	int nfds;
	int truncated; /* MSG_CTRUNC: this server could not take every descriptor (EMFILE) */
	char *body;
};

static int read_fully(int fd, void *buf, size_t len)
{
	char *p = buf;
	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads one request; 0 at a clean end of file, -1 when the stream is broken (the server then exits). */
static int receive(int sock, struct request *r)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
	} control;
	struct iovec iov = { .iov_base = r->header, .iov_len = sizeof r->header };
	struct msghdr msg;
	memset(&msg, 0, sizeof msg);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.buf;
	msg.msg_controllen = sizeof control.buf;
	ssize_t n;
	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return n == 0 ? 0 : -1;
	r->nfds = 0;
	r->truncated = (msg.msg_flags & MSG_CTRUNC) != 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		for (int i = 0; i < k && r->nfds < MAX_FDS; i++)
			memcpy(&r->fds[r->nfds++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
	}
	if ((size_t)n < sizeof r->header && read_fully(sock, (char *)r->header + n, sizeof r->header - (size_t)n) != 0)
		return -1;
	uint32_t len = r->header[1];
	if (r->header[0] != MAGIC || len > MAX_BODY || r->header[2] > MAX_FDS)
		return -1;
	r->body = malloc(len + 1u);
	if (r->body == NULL || read_fully(sock, r->body, len) != 0)
		return -1;
	r->body[len] = '\0';
	return 1;
}

static int reply(int sock, int32_t pid, int32_t err, int pidfd)
{
	int32_t payload[2] = { pid, err };
	return pdsup_send(sock, pidfd, payload, sizeof payload);
}

/* Splits count NUL-terminated strings off *p (bounded by end) into a NULL-terminated array; NULL if short. */
static char **strings(char **p, const char *end, uint32_t count)
{
	char **v = calloc((size_t)count + 1u, sizeof *v);
	if (v == NULL)
		return NULL;
	for (uint32_t i = 0; i < count; i++) {
		size_t room = (size_t)(end - *p);
		size_t len = strnlen(*p, room);
		if (len == room) {
			free(v);
			return NULL;
		}
		v[i] = *p;
		*p += len + 1;
	}
	return v;
}

/*
 * In the child: the request's descriptors into their slots, every other descriptor closed. status is the index
 * of the status pipe among them (-1: none); failures are reported on it wherever it is at the time.
 */
static void place_descriptors(const int *fds, const int32_t *target, int n, int status)
{
	int floor = 3;
	for (int i = 0; i < n; i++)
		if (target[i] + 1 > floor)
			floor = target[i] + 1;
	int moved[MAX_FDS];
	for (int i = 0; i < n; i++) { /* first above every slot, so no move overwrites a source */
		moved[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, floor);
		if (moved[i] < 0)
			pdsup_fail(errno, "descriptors", "F_DUPFD_CLOEXEC");
		if (i == status)
			status_fd = moved[i];
	}
	for (int i = 0; i < n; i++)
		if (dup2(moved[i], target[i]) < 0) /* dup2 clears close-on-exec on the slot */
			pdsup_fail(errno, "descriptors", "dup2");
	for (int fd = 0; fd < floor; fd++) {
		int used = 0;
		for (int i = 0; i < n && !used; i++)
			used = target[i] == fd;
		if (!used)
			close(fd);
	}
	if (syscall(SYS_close_range, (unsigned)floor, ~0u, 0u) != 0)
		for (int fd = floor; fd < floor + 1024; fd++) /* kernels before 5.9: what this server can hold */
			close(fd);
}

static void child(struct request *r, int sock, char **argv, char **envp, const char *dir, const int32_t *target)
{
	(void)sock;
	/* the status pipe's slot is argv's "-S slot"; until the move, report through the received descriptor */
	int slot = (int)strtol(argv[2], NULL, 10), status = -1;
	for (int i = 0; i < r->nfds; i++)
		if (target[i] == slot) {
			status = i;
			status_fd = r->fds[i];
		}
	char line[32];
	int len = snprintf(line, sizeof line, "P %ld\n", (long)getpid());
	if (status_fd >= 0 && write(status_fd, line, (size_t)len) != len)
		pdsup_fail(errno, "status", "-");
	place_descriptors(r->fds, target, r->nfds, status);
	status_fd = status >= 0 ? slot : -1;
	pdsup_go_fd = status_fd;
	if (dir != NULL && chdir(dir) != 0)
		pdsup_fail(errno, "chdir", dir);
	environ = envp;
	int argc = 0;
	while (argv[argc] != NULL)
		argc++;
	pdsup_exec(argc, argv);
}

static pid_t clone_child(int *pidfd)
{
	struct clone_args_v0 args;
	memset(&args, 0, sizeof args);
	args.flags = CLONE_PARENT | CLONE_PIDFD;
	args.pidfd = (uint64_t)(uintptr_t)pidfd;
	/* exit_signal stays 0: clone3 refuses one with CLONE_PARENT (kernel/fork.c clone3_args_valid) and gives the
	 * child this server's own exit signal, SIGCHLD */
	long pid = syscall(SYS_clone3, &args, sizeof args);
	if (pid < 0 && errno == ENOSYS) /* clone3 filtered (older container runtimes): clone(2), ptid third */
		pid = syscall(SYS_clone, (unsigned long)(CLONE_PARENT | CLONE_PIDFD | SIGCHLD), 0UL, pidfd, 0UL, 0UL);
	return (pid_t)pid;
}

static int serve_one(int sock, struct request *r)
{
	uint32_t nfds = r->header[2], argc = r->header[3], envc = r->header[4], has_dir = r->header[5];
	int32_t err = 0;
	char **argv = NULL, **envp = NULL;
	const char *dir = NULL;
	size_t len = r->header[1];
	const int32_t *target = (const int32_t *)r->body;
	char *p = r->body + (size_t)nfds * sizeof(int32_t);
	const char *end = r->body + len;
	if (r->truncated)
		err = EMFILE;
	else if ((int)nfds != r->nfds || (size_t)nfds * sizeof(int32_t) > len || argc < 3)
		err = EPROTO;
	for (uint32_t i = 0; err == 0 && i < nfds; i++)
		if (target[i] < 0 || target[i] >= 65536)
			err = EPROTO;
	if (err == 0 && ((argv = strings(&p, end, argc)) == NULL || (envp = strings(&p, end, envc)) == NULL))
		err = EPROTO;
	if (err == 0 && has_dir) {
		char **d = strings(&p, end, 1);
		if (d == NULL)
			err = EPROTO;
		else {
			dir = d[0];
			free(d);
		}
	}
	if (err == 0 && strcmp(argv[1], "-S") != 0)
		err = EPROTO;
	int pidfd = -1;
	pid_t pid = -1;
	if (err == 0) {
		pid = clone_child(&pidfd);
		if (pid == 0)
			child(r, sock, argv, envp, dir, target);
		if (pid < 0)
			err = errno;
	}
	for (int i = 0; i < r->nfds; i++)
		close(r->fds[i]);
	free(argv);
	free(envp);
	free(r->body);
	int rc = reply(sock, err == 0 ? pid : -1, err, err == 0 ? pidfd : -1);
	if (pidfd >= 0)
		close(pidfd);
	return rc;
}

static int pdsup_fork_server(int argc, char **argv)
{
	char *end;
	long sock = argc == 5 && strcmp(argv[3], "-V") == 0 ? strtol(argv[2], &end, 10) : -1;
	if (sock < 0 || *end != '\0' || fcntl((int)sock, F_GETFD) < 0) {
		static const char msg[] = "pdsup-exec -Z: not meant to be run by hand: pdsupd starts it as its fork"
		    " server (docs/procdesc.md)\n";
		ssize_t n = write(STDERR_FILENO, msg, sizeof msg - 1);
		(void)n;
		return 127;
	}
	(void)fcntl((int)sock, F_SETFD, FD_CLOEXEC);
	for (;;) {
		static struct request r;
		int got = receive((int)sock, &r);
		if (got <= 0)
			return got == 0 ? 0 : 1;
		if (serve_one((int)sock, &r) != 0)
			return 1;
	}
}
/* linked in: pdsup-exec's main() runs the server for "-Z" */
__attribute__((constructor)) static void register_fork_server(void)
{
	pdsup_fork_server_main = pdsup_fork_server;
}
#else
typedef int pdsup_forkserver_is_linux_only; /* an empty translation unit is not ISO C */
#endif
