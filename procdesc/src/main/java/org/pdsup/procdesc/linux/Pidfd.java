package org.pdsup.procdesc.linux;

/**
 * pidfd_open(2) and pidfd_send_signal(2): the glibc 2.36 wrappers, or the raw system calls (numbers 434 and 424
 * on x86_64 and aarch64, asm-generic/unistd.h) where the C library predates them. The raw path uses
 * {@code syscall} with four variadic {@code long}s, five arguments in all (never six: jnr-ffi issue #181).
 * Both return -1 with errno set on failure.
 */
final class Pidfd {
    private Pidfd() {}

    private static volatile boolean wrappers = true;

    static int open(int pid) {
        if (wrappers) {
            try {
                return Linux.libc().pidfd_open(pid, 0);
            } catch (UnsatisfiedLinkError e) {
                wrappers = false;
            }
        }
        return (int) Linux.libc().syscall(LinuxConstants.SYS_PIDFD_OPEN, pid, 0L, 0L, 0L);
    }

    static int sendSignal(int pidfd, int sig) {
        if (wrappers) {
            try {
                return Linux.libc().pidfd_send_signal(pidfd, sig, null, 0);
            } catch (UnsatisfiedLinkError e) {
                wrappers = false;
            }
        }
        return (int) Linux.libc().syscall(LinuxConstants.SYS_PIDFD_SEND_SIGNAL, pidfd, sig, 0L, 0L);
    }
}
