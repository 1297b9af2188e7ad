package org.pdsup.procdesc.linux;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.Variadic;

/**
 * glibc functions the Linux backend calls (x86_64 and aarch64). No function here takes six arguments except
 * posix_spawn, whose arguments are all pointers (jnr-ffi issue #181 concerns six {@code long}s; the spawn
 * tests check every argument arrives, the environment being the sixth). Variadic functions pass every variadic
 * argument as a {@code long} (platform-facts section 0).
 *
 * <p>Internal binding: public only because jnr-ffi generates its implementation in another class loader.
 */
public interface LinuxLibc {
    // spawn.h (glibc 2.29: addchdir_np; 2.34: addclosefrom_np)
    int posix_spawn(Pointer pidOut, String path, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_destroy(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    /** Closing a descriptor that is not open is not an error in glibc's child (only out-of-range ones are). */
    int posix_spawn_file_actions_addclose(Pointer actions, int fd);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    // sys/signalfd.h: the mask is a glibc sigset_t (LinuxStructs.Spawn.SIGSET_SIZE bytes)
    int signalfd(int fd, Pointer mask, int flags);

    // sys/pidfd.h (glibc 2.36)
    int pidfd_open(int pid, int flags);

    int pidfd_send_signal(int pidfd, int sig, Pointer info, int flags);

    /** {@code long syscall(long number, ...)}: four variadic longs, five arguments in all. */
    @Variadic(fixedCount = 1)
    long syscall(long number, long a1, long a2, long a3, long a4);

    // sys/wait.h: glibc's 4-argument waitid (no rusage) and wait4
    int waitid(int idtype, int id, Pointer siginfo, int options);

    int wait4(int pid, Pointer status, int options, Pointer rusage);

    /** {@code int prctl(int option, ...)}. */
    @Variadic(fixedCount = 1)
    int prctl(int option, long a2, long a3, long a4, long a5);

    // sys/resource.h
    int getrusage(int who, Pointer rusage);

    // sys/socket.h
    int socketpair(int domain, int type, int protocol, @Out int[] fds);

    long recvmsg(int fd, Pointer msghdr, int flags);

    long sendmsg(int fd, Pointer msghdr, int flags);

    // signal.h: sighandler_t signal(int, sighandler_t)
    long signal(int sig, long handler);

    // sys/epoll.h, sys/eventfd.h
    int epoll_create1(int flags);

    int epoll_ctl(int epfd, int op, int fd, Pointer event);

    int epoll_wait(int epfd, Pointer events, int maxEvents, int timeoutMillis);

    int eventfd(int initialValue, int flags);

    // unistd.h
    long sysconf(int name);

    // gnu/libc-version.h
    String gnu_get_libc_version();
}
