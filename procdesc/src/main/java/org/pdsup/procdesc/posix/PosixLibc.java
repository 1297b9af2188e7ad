package org.pdsup.procdesc.posix;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.Variadic;

/**
 * libc functions whose symbol and signature are the same on FreeBSD and Linux (POSIX.1-2008). Only the
 * numbers passed to them differ between systems: those live in one constants class per OS.
 *
 * <p>Internal binding: public only because jnr-ffi generates its implementation in another class loader.
 */
public interface PosixLibc {
    // unistd.h / fcntl.h
    /** {@code int open(const char *, int, ...)}: the mode is a variadic argument, passed as a long. */
    @Variadic(fixedCount = 2)
    int open(String path, int flags, long mode);

    int close(int fd);

    long read(int fd, @Out byte[] buf, long count);

    long write(int fd, byte[] buf, long count);

    /** {@code int fcntl(int, int, ...)}. */
    @Variadic(fixedCount = 2)
    int fcntl(int fd, int cmd, long arg);

    int pipe2(@Out int[] fds, int flags);

    int getpid();

    /** {@code uid_t geteuid(void)}: the owner log files and directories must have. */
    int geteuid();

    int getppid();

    // signal.h
    int kill(int pid, int sig);

    /** {@code int sigaction(int, const struct sigaction *, struct sigaction *)}; see {@link SignalDispositions}. */
    int sigaction(int sig, Pointer act, Pointer oldact);

    // sys/resource.h: struct rlimit { rlim_t rlim_cur; rlim_t rlim_max; } (two 64-bit values on both systems)
    int getrlimit(int resource, Pointer rlim);

    // poll.h: struct pollfd { int fd; short events; short revents; } (8 bytes)
    int poll(Pointer fds, long nfds, int timeoutMillis);

    // string.h
    String strerror(int errnum);

    // pwd.h, grp.h (reentrant variants: Accounts is used from several threads)
    int getpwnam_r(String name, Pointer pwd, Pointer buf, long buflen, Pointer result);

    int getpwuid_r(int uid, Pointer pwd, Pointer buf, long buflen, Pointer result);

    int getgrnam_r(String name, Pointer grp, Pointer buf, long buflen, Pointer result);

    int getgrgid_r(int gid, Pointer grp, Pointer buf, long buflen, Pointer result);

    /** glibc {@code int getgrouplist(const char *, gid_t, gid_t *, int *)}; FreeBSD uses gid_t too (since 12). */
    int getgrouplist(String user, int gid, Pointer groups, Pointer ngroups);

    // unistd.h: replacing the process image (pdsupd's live re-exec, procdesc ProcessReplacement)
    /** {@code int execve(const char *, char *const argv[], char *const envp[])}: arrays end with a NULL. */
    int execve(String path, String[] argv, String[] envp);

    /** {@code int close_range(unsigned, unsigned, int)}: glibc 2.34+, FreeBSD 12.2+ (CLOSE_RANGE_CLOEXEC 13.1+). */
    int close_range(int first, int last, int flags);

    /** {@code int dup(int)}. */
    int dup(int fd);

    /** {@code int dup2(int, int)}. */
    int dup2(int from, int to);

    /** {@code int getsockname(int, struct sockaddr *, socklen_t *)}. */
    int getsockname(int fd, Pointer address, Pointer addressLength);

    /** {@code int getsockopt(int, int, int, void *, socklen_t *)}. */
    int getsockopt(int fd, int level, int name, Pointer value, Pointer valueLength);
}
