package org.pdsup.procdesc;

import java.nio.file.Path;
import java.util.Objects;

import org.pdsup.procdesc.posix.Posix;

/**
 * Plain descriptor operations for output capture and readiness pipes: close, non-blocking mode, read, write,
 * and opening a log file. Platform-neutral: the system's numbers come from the backend's {@link FdConstants}.
 * Failures throw {@link ProcessDescriptorException} naming the call, the descriptor and errno.
 */
public final class Fds {
    private Fds() {}

    private static FdConstants k() {
        return Backends.fdConstants();
    }

    /** close(2); EINTR is not retried (the descriptor is gone either way on both systems). */
    public static void close(int fd) {
        if (Posix.libc().close(fd) != 0) {
            int e = Posix.errno();
            if (e != k().eIntr()) throw failure("close(" + fd + ")", e);
        }
    }

    /**
     * Sets {@code FD_CLOEXEC} on {@code fd} (fcntl F_SETFD; see {@link ProcessReplacement}): a descriptor a live
     * re-exec handed over, kept from every later child.
     */
    public static void setCloseOnExec(int fd) {
        if (Posix.libc().fcntl(fd, ProcessReplacement.F_SETFD, (long) ProcessReplacement.FD_CLOEXEC) < 0) {
            throw failure("fcntl(" + fd + ", F_SETFD, FD_CLOEXEC)", Posix.errno());
        }
    }

    /** Sets O_NONBLOCK on {@code fd} (fcntl F_GETFL / F_SETFL). */
    public static void setNonBlocking(int fd) {
        FdConstants c = k();
        int flags = Posix.libc().fcntl(fd, c.fGetfl(), 0L);
        if (flags < 0) throw failure("fcntl(" + fd + ", F_GETFL)", Posix.errno());
        if ((flags & c.oNonblock()) != 0) return;
        if (Posix.libc().fcntl(fd, c.fSetfl(), (long) (flags | c.oNonblock())) < 0) {
            throw failure("fcntl(" + fd + ", F_SETFL, O_NONBLOCK)", Posix.errno());
        }
    }

    /**
     * Reads up to {@code len} bytes into {@code buf[off..]}.
     *
     * @return the number of bytes read; 0 when nothing is available on a non-blocking descriptor (EAGAIN);
     *         -1 at end of file
     */
    public static int read(int fd, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) return 0;
        byte[] target = off == 0 ? buf : new byte[len];
        while (true) {
            long n = Posix.libc().read(fd, target, len);
            if (n > 0) {
                if (target != buf) System.arraycopy(target, 0, buf, off, (int) n);
                return (int) n;
            }
            if (n == 0) return -1;
            int e = Posix.errno();
            if (e == k().eIntr()) continue;
            if (e == k().eAgain()) return 0;
            throw failure("read(" + fd + ")", e);
        }
    }

    /**
     * Writes up to {@code len} bytes of {@code buf[off..]}.
     *
     * @return the number of bytes written; 0 when a non-blocking descriptor is full (EAGAIN)
     */
    public static int write(int fd, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) return 0;
        byte[] source = buf;
        if (off != 0 || len != buf.length) {
            source = new byte[len];
            System.arraycopy(buf, off, source, 0, len);
        }
        while (true) {
            long n = Posix.libc().write(fd, source, len);
            if (n >= 0) return (int) n;
            int e = Posix.errno();
            if (e == k().eIntr()) continue;
            if (e == k().eAgain()) return 0;
            throw failure("write(" + fd + ")", e);
        }
    }

    /**
     * Opens {@code path} for writing, close-on-exec, creating it with mode 0644; appends when {@code append},
     * truncates otherwise.
     *
     * @return the new descriptor
     */
    public static int openFile(Path path, boolean append) {
        FdConstants c = k();
        int flags = c.oWronly() | c.oCreat() | c.oCloexec() | (append ? c.oAppend() : c.oTrunc());
        int fd = Posix.libc().open(path.toString(), flags, 0644L);
        if (fd < 0) {
            int e = Posix.errno();
            throw new ProcessDescriptorException("cannot open " + path + " for writing: " + Posix.strerror(e), e);
        }
        return fd;
    }

    private static ProcessDescriptorException failure(String call, int errno) {
        return new ProcessDescriptorException(call + " failed: " + Posix.strerror(errno) + " (errno " + errno + ")",
                errno);
    }
}
