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
}
