package org.pdsup.procdesc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.pdsup.procdesc.posix.Posix;

/**
 * Replaces the running program with another in the same process (execve(2)): same PID, same children, and
 * exactly the descriptors named to survive. The JVM never forks; an exec of the whole process is not a fork.
 *
 * <p>The JVM opens most descriptors without close-on-exec, so every descriptor from 3 up that is not kept is
 * marked close-on-exec first ({@code close_range(CLOSE_RANGE_CLOEXEC)}, one call per gap between kept ones);
 * each kept descriptor has its close-on-exec flag cleared for this exec only. When execve fails, the kept ones
 * get their flag back and {@link ProcessDescriptorException} names the program and errno; the others stay
 * close-on-exec, which changes nothing for a process that does not exec (the spawn path closes what it does
 * not pass anyway).
 *
 * <p>Standard input, output and error (0, 1, 2) are left as they are. On Linux the caller must be the
 * process's first thread: {@link ProcessDescriptors#replaceProcessRefusal()} says why not otherwise.
 */
public final class ProcessReplacement {
    /** fcntl.h, the same on Linux (asm-generic/fcntl.h) and FreeBSD (sys/fcntl.h). */
    static final int F_GETFD = 1;
    static final int F_SETFD = 2;
    static final int FD_CLOEXEC = 1;
    /** CLOSE_RANGE_CLOEXEC: Linux include/uapi/linux/close_range.h (1U << 2); FreeBSD sys/unistd.h (1<<2). */
    static final int CLOSE_RANGE_CLOEXEC = 1 << 2;

    private ProcessReplacement() {}

    /**
     * execve(argv[0], argv, env) keeping {@code keep} open across it. Returns only when execve failed, by
     * throwing.
     *
     * @throws ProcessDescriptorException naming the program and the reason; nothing of this process changed
     *                                    but the close-on-exec flags of descriptors it does not keep
     */
    public static void replace(List<String> argv, Map<String, String> env, SortedSet<Integer> keep) {
        if (argv.isEmpty()) throw new IllegalArgumentException("execve: no program");
        List<Integer> cleared = new ArrayList<>();
        try {
            for (int fd : keep) {
                if (fd <= 2) continue;
                int flags = Posix.libc().fcntl(fd, F_GETFD, 0L);
                if (flags < 0) throw failure("descriptor " + fd + " to hand over is not open", Posix.errno());
                if ((flags & FD_CLOEXEC) != 0) {
                    if (Posix.libc().fcntl(fd, F_SETFD, (long) (flags & ~FD_CLOEXEC)) < 0) {
                        throw failure("fcntl(" + fd + ", F_SETFD)", Posix.errno());
                    }
                    cleared.add(fd);
                }
            }
            markTheRestCloseOnExec(keep);
            String[] envp = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            Posix.libc().execve(argv.get(0), argv.toArray(String[]::new), envp);
            throw failure("execve(" + argv.get(0) + ")", Posix.errno());
        } catch (RuntimeException e) {
            for (int fd : cleared) Posix.libc().fcntl(fd, F_SETFD, (long) FD_CLOEXEC);
            throw e;
        }
    }

    private static void markTheRestCloseOnExec(SortedSet<Integer> keep) {
        SortedSet<Integer> bounds = new TreeSet<>(keep.tailSet(3));
        int from = 3;
        for (int k : bounds) {
            if (k > from) closeRangeCloexec(from, k - 1);
            from = k + 1;
        }
        closeRangeCloexec(from, Integer.MAX_VALUE); // ~0U: to the end of the table
    }

    private static void closeRangeCloexec(int first, int last) {
        if (Posix.libc().close_range(first, last, CLOSE_RANGE_CLOEXEC) != 0) {
            throw failure("close_range(" + first + ", " + Integer.toUnsignedString(last) + ", CLOSE_RANGE_CLOEXEC)",
                    Posix.errno());
        }
    }

    /** True when {@code fd} is open and close-on-exec. */
    public static boolean closeOnExec(int fd) {
        int flags = Posix.libc().fcntl(fd, F_GETFD, 0L);
        if (flags < 0) throw failure("fcntl(" + fd + ", F_GETFD)", Posix.errno());
        return (flags & FD_CLOEXEC) != 0;
    }

    /** dup(fd): a new descriptor for what {@code fd} names. */
    public static int dup(int fd) {
        int n = Posix.libc().dup(fd);
        if (n < 0) throw failure("dup(" + fd + ")", Posix.errno());
        return n;
    }

    /** Opens {@code path} read-only (close-on-exec; {@link #replace} keeps it open when asked). */
    public static int openForReading(java.nio.file.Path path) {
        int fd = Posix.libc().open(path.toString(), 0 /* O_RDONLY: 0 on both */ | Backends.fdConstants().oCloexec(), 0L);
        if (fd < 0) throw failure("open(" + path + ")", Posix.errno());
        return fd;
    }

    /** Reads {@code fd} to its end and closes it. */
    public static byte[] readAllAndClose(int fd) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = Fds.read(fd, buf, 0, buf.length)) != -1) {
                if (n == 0) throw new ProcessDescriptorException("descriptor " + fd + " is non-blocking", 11);
                out.write(buf, 0, n);
            }
        } finally {
            Fds.close(fd);
        }
        return out.toByteArray();
    }

    /** dup2(from, to): {@code to} then names what {@code from} names (and is not close-on-exec). */
    public static void dup2(int from, int to) {
        if (Posix.libc().dup2(from, to) < 0) throw failure("dup2(" + from + ", " + to + ")", Posix.errno());
    }

    private static ProcessDescriptorException failure(String call, int errno) {
        return new ProcessDescriptorException(call + " failed: " + Posix.strerror(errno) + " (errno " + errno + ")",
                errno);
    }
}
