package org.pdsup.procdesc.freebsd;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Variadic;

/**
 * The FreeBSD libc ({@code libc.so.7}) functions the backend calls, through jnr-ffi. Parameter types follow
 * platform-facts section 0: {@code int}/{@code pid_t}/{@code uid_t}/{@code gid_t}/{@code idtype_t} are Java
 * {@code int}; {@code id_t} is {@code __int64_t} on FreeBSD and so a Java {@code long}; {@code size_t},
 * {@code ssize_t} and pointers are 8 bytes. Variadic functions are declared with {@code @Variadic} and take
 * their variadic argument as a {@code long} (FreeBSD's fcntl reads it with {@code va_arg(ap, long)}).
 * {@code FreeBsdLibcBindingTest} checks every signature by reflection.
 *
 * <p>Symbols that may be missing ({@code pdwait}, {@code posix_spawnattr_setprocdescp_np}, the {@code _np}
 * file actions) are probed with {@link SymbolProbe} before use; jnr-ffi binds a missing symbol to a stub
 * that throws {@link UnsatisfiedLinkError} only when called.
 *
 * <p>posix_spawn(3) and its helpers return an errno value instead of setting errno.
 *
 * <p>Internal binding: public only because jnr-ffi generates its implementation in another class loader.
 */
public interface FreeBsdLibc {

    // ---- unistd.h, fcntl.h ----
    /** {@code int close(int fd)}. */
    int close(int fd);

    /** {@code int pipe2(int fildes[2], int flags)}; {@code fds} points to two ints. */
    int pipe2(Pointer fds, int flags);

    /** {@code int fcntl(int fd, int cmd, ...)}: one variadic argument, passed as a long. */
    @Variadic(fixedCount = 2)
    int fcntl(int fd, int cmd, long arg);

    /** {@code ssize_t read(int fd, void *buf, size_t nbytes)}. */
    long read(int fd, Pointer buf, long nbytes);

    /** {@code ssize_t write(int fd, const void *buf, size_t nbytes)}. */
    long write(int fd, Pointer buf, long nbytes);

    /** {@code pid_t getpid(void)}. */
    int getpid();

    /** {@code int kill(pid_t pid, int sig)}; used only for process groups and PID-only children. */
    int kill(int pid, int sig);

    /** {@code char *strerror(int errnum)}. */
    String strerror(int errnum);

    // ---- signal.h ----
    /** {@code sig_t signal(int sig, sig_t func)}; handlers passed as numbers (SIG_DFL = 0). */
    long signal(int sig, long func);

    // ---- sys/stat.h ----
    /** {@code int fstat(int fd, struct stat *sb)}: {@link StatLayout}, 224 bytes. */
    int fstat(int fd, Pointer sb);

    // ---- sys/socket.h ----
    /** {@code int socketpair(int domain, int type, int protocol, int *sv)}. */
    int socketpair(int domain, int type, int protocol, Pointer sv);

    /** {@code ssize_t send(int s, const void *msg, size_t len, int flags)}. */
    long send(int s, Pointer msg, long len, int flags);

    /** {@code ssize_t recvmsg(int s, struct msghdr *msg, int flags)}: {@link MsghdrLayout}. */
    long recvmsg(int s, Pointer msg, int flags);

    /** {@code int getsockopt(int s, int level, int optname, void *optval, socklen_t *optlen)}. */
    int getsockopt(int s, int level, int optname, Pointer optval, Pointer optlen);

    // ---- sys/procdesc.h (pdfork(2)) ----
    /** {@code int pdkill(int fd, int signum)}. */
    int pdkill(int fd, int signum);

    /** {@code int pdgetpid(int fd, pid_t *pidp)}. */
    int pdgetpid(int fd, Pointer pidp);

    /**
     * {@code int pdwait(int fd, int *status, int options, struct __wrusage *wrusage, struct __siginfo *info)}:
     * FreeBSD 16 (15.1 UNCONFIRMED). Probe {@code pdwait} before calling.
     */
    int pdwait(int fd, Pointer status, int options, Pointer wrusage, Pointer info);

    // ---- sys/wait.h ----
    /** {@code pid_t wait4(pid_t wpid, int *status, int options, struct rusage *rusage)}. */
    int wait4(int wpid, Pointer status, int options, Pointer rusage);

    // ---- sys/event.h ----
    /** {@code int kqueue(void)}. */
    int kqueue();

    /**
     * {@code int kevent(int kq, const struct kevent *changelist, int nchanges, struct kevent *eventlist,
     * int nevents, const struct timespec *timeout)}: six arguments (jnr-ffi issue #181 concerns six Java
     * longs; these are ints and pointers, and a NULL timeout is covered by {@code FreeBsdAbiEchoTest}).
     */
    int kevent(int kq, Pointer changelist, int nchanges, Pointer eventlist, int nevents, Pointer timeout);

    // ---- sys/procctl.h ----
    /** {@code int procctl(idtype_t idtype, id_t id, int cmd, void *data)}; {@code id_t} is int64. */
    int procctl(int idtype, long id, int cmd, Pointer data);

    // ---- sys/sysctl.h ----
    /**
     * {@code int sysctl(const int *name, u_int namelen, void *oldp, size_t *oldlenp, const void *newp,
     * size_t newlen)}; the backend only reads ({@code newp} NULL, {@code newlen} 0).
     */
    int sysctl(Pointer name, int namelen, Pointer oldp, Pointer oldlenp, Pointer newp, long newlen);

    // ---- spawn.h: posix_spawnattr_t / posix_spawn_file_actions_t are 8-byte handles ----
    /**
     * {@code int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *file_actions,
     * const posix_spawnattr_t *attrp, char *const argv[], char *const envp[])}.
     */
    int posix_spawn(Pointer pid, String path, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_destroy(Pointer attr);

    /** {@code int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags)}. */
    int posix_spawnattr_setflags(Pointer attr, short flags);

    /** {@code int posix_spawnattr_setsigmask(posix_spawnattr_t *attr, const sigset_t *sigmask)}. */
    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigmask);

    /** {@code int posix_spawnattr_setsigdefault(posix_spawnattr_t *attr, const sigset_t *sigdefault)}. */
    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigdefault);

    /**
     * {@code int posix_spawnattr_setprocdescp_np(posix_spawnattr_t *attr, int *fdp, int pdrflags)}: FreeBSD 16
     * (15.1 UNCONFIRMED). {@code fdp} must stay valid until posix_spawn returns. Probe before calling.
     */
    int posix_spawnattr_setprocdescp_np(Pointer attr, Pointer fdp, int pdrflags);

    int posix_spawn_file_actions_init(Pointer fileActions);

    int posix_spawn_file_actions_destroy(Pointer fileActions);

    /** {@code int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *fa, int fildes, int newfildes)}. */
    int posix_spawn_file_actions_adddup2(Pointer fileActions, int fildes, int newfildes);

    /**
     * {@code int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *fa, int fildes, const char *path,
     * int oflag, mode_t mode)}; {@code mode_t} is {@code __uint16_t} on FreeBSD.
     */
    int posix_spawn_file_actions_addopen(Pointer fileActions, int fildes, String path, int oflag, short mode);

    int posix_spawn_file_actions_addclose(Pointer fileActions, int fildes);

    /** {@code int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *fa, int from)}. */
    int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    /** {@code int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *fa, const char *path)}. */
    int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path);

    // ---- pwd.h, grp.h, unistd.h (reentrant variants: Accounts is used from several threads) ----
    /** {@code int getpwnam_r(const char *, struct passwd *, char *, size_t, struct passwd **)}. */
    int getpwnam_r(String name, Pointer pwd, Pointer buf, long buflen, Pointer result);

    /** {@code int getpwuid_r(uid_t, struct passwd *, char *, size_t, struct passwd **)}. */
    int getpwuid_r(int uid, Pointer pwd, Pointer buf, long buflen, Pointer result);

    /** {@code int getgrnam_r(const char *, struct group *, char *, size_t, struct group **)}. */
    int getgrnam_r(String name, Pointer grp, Pointer buf, long buflen, Pointer result);

    /** {@code int getgrgid_r(gid_t, struct group *, char *, size_t, struct group **)}. */
    int getgrgid_r(int gid, Pointer grp, Pointer buf, long buflen, Pointer result);

    /** {@code int getgrouplist(const char *name, gid_t basegid, gid_t *groups, int *ngroups)}. */
    int getgrouplist(String name, int basegid, Pointer groups, Pointer ngroups);
}
