package org.pdsup.procdesc;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pdsup.procdesc.posix.Posix;
import org.pdsup.procdesc.posix.SocketLibc;

/**
 * A connected Unix-domain datagram socket ({@code AF_UNIX}, {@code SOCK_DGRAM}), which Java 17 does not
 * provide: what a process uses to send to the local syslog daemon ({@code /dev/log}, {@code /var/run/log}).
 * Each {@link #send} is one datagram: it arrives whole or not at all, in the order sent.
 *
 * <p>The descriptor is close-on-exec. Sending never blocks: a receiver that does not keep up makes
 * {@link #send} return false (the datagram is not sent), and {@link #awaitWritable} waits, bounded, until the
 * receiver has room again. Failures throw {@link ProcessDescriptorException} naming the socket path, the call and
 * the errno name. Not thread-safe: one thread at a time.
 */
public final class UnixDatagram implements AutoCloseable {
    private static final class Native {
        static final SocketLibc LIBC = LibraryLoader.create(SocketLibc.class).load("c");
    }

    private final Path path;
    private final UnixDatagramConstants k;
    private int fd;

    private UnixDatagram(Path path, UnixDatagramConstants k, int fd) {
        this.path = path;
        this.k = k;
        this.fd = fd;
    }

    /**
     * Opens a datagram socket and connects it to the socket file at {@code path}.
     *
     * @throws IllegalArgumentException     when the path does not fit in a {@code struct sockaddr_un} (too long,
     *                                      empty, a NUL byte), naming it and the limit
     * @throws NotADatagramSocketException  when the socket at {@code path} is not a datagram socket (EPROTOTYPE:
     *                                      for example a stream socket)
     * @throws ProcessDescriptorException   when socket(2) or connect(2) fails, naming the path and errno
     *                                      (ENOENT: no socket there; ECONNREFUSED: nobody reads it; EACCES …)
     */
    public static UnixDatagram connect(Path path) {
        Objects.requireNonNull(path, "path");
        UnixDatagramConstants k = UnixDatagramConstants.system();
        byte[] address = k.sockaddr().encode(path.toString().getBytes(Posix.fileNameCharset()), k.afUnix(), path.toString());
        SocketLibc libc = Native.LIBC;
        int fd = libc.socket(k.afUnix(), k.sockDgram() | k.sockCloexec(), 0);
        if (fd < 0) {
            int e = Posix.errno();
            throw new ProcessDescriptorException("cannot open a Unix datagram socket for " + path + ": socket(2) failed: "
                    + describe(k, e), e);
        }
        while (true) {
            if (libc.connect(fd, address, address.length) == 0) return new UnixDatagram(path, k, fd);
            int e = Posix.errno();
            if (e == k.eIntr()) continue;
            Posix.libc().close(fd);
            if (e == k.eProtoType()) {
                throw new NotADatagramSocketException("socket " + path + " is not a datagram socket (connect(2): "
                        + describe(k, e) + "); it is probably a stream socket", e);
            }
            throw new ProcessDescriptorException("cannot connect to Unix datagram socket " + path + ": " + describe(k, e), e);
        }
    }

    /**
     * Sends {@code buf[off..off+len)} as one datagram, without waiting (MSG_DONTWAIT; MSG_NOSIGNAL).
     *
     * @return true when the datagram was sent; false when the receiver's queue or the send buffer is full
     *         (EAGAIN, ENOBUFS): nothing was sent, the caller drops or retries after {@link #awaitWritable}
     * @throws ProcessDescriptorException naming the path and errno when the datagram cannot be sent: ECONNREFUSED
     *         (the receiver closed its socket, for example a restarted syslog daemon), ENOTCONN (after that),
     *         EMSGSIZE (larger than the system allows) … The socket stays open; a new {@link #connect} reaches a
     *         receiver that now listens at the path.
     * @throws IllegalStateException after {@link #close}
     */
    public boolean send(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int s = descriptor();
        byte[] data = buf;
        if (off != 0 || len != buf.length) {
            data = new byte[len];
            System.arraycopy(buf, off, data, 0, len);
        }
        while (true) {
            long n = Native.LIBC.send(s, data, len, k.msgDontwait() | k.msgNosignal());
            if (n >= 0) return true;
            int e = Posix.errno();
            if (e == k.eIntr()) continue;
            if (e == k.eAgain() || e == k.eNobufs()) return false;
            throw new ProcessDescriptorException("cannot send to Unix datagram socket " + path + ": " + describe(k, e), e);
        }
    }

    /**
     * Waits until a datagram can be sent (poll(2) for POLLOUT), at most {@code timeoutMillis}. On Linux a
     * connected datagram socket becomes writable when the receiver's queue has room again; on FreeBSD, whose
     * receiver-side limit is not visible to poll, this returns at once and a full receiver still makes
     * {@link #send} return false.
     *
     * @return true when the socket is writable or has an error to report (the next {@link #send} tells which);
     *         false when the time ran out
     * @throws IllegalStateException after {@link #close}
     */
    public boolean awaitWritable(int timeoutMillis) {
        if (timeoutMillis < 0) throw new IllegalArgumentException("timeout " + timeoutMillis + " ms");
        int s = descriptor();
        Pointer pollfd = Memory.allocateDirect(Posix.runtime(), 8, true); // struct pollfd { int; short; short; }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            pollfd.putInt(0, s);
            pollfd.putShort(4, k.pollOut());
            pollfd.putShort(6, (short) 0);
            int left = (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            int n = Posix.libc().poll(pollfd, 1, left);
            if (n > 0) return pollfd.getShort(6) != 0;
            if (n == 0) return false;
            int e = Posix.errno();
            if (e != k.eIntr()) {
                throw new ProcessDescriptorException("poll(2) on Unix datagram socket " + path + " failed: "
                        + describe(k, e), e);
            }
        }
    }

    /** The socket file this is connected to. */
    public Path path() {
        return path;
    }

    /** The descriptor, for tests; -1 once closed. */
    int fd() {
        return fd;
    }

    /** Closes the descriptor; further calls do nothing. */
    @Override
    public void close() {
        int s = fd;
        if (s < 0) return;
        fd = -1;
        Posix.libc().close(s); // EINTR or EIO: the descriptor is gone either way, nothing to recover
    }

    @Override
    public String toString() {
        return "UnixDatagram[" + path + (fd < 0 ? ", closed]" : ", fd " + fd + "]");
    }

    private int descriptor() {
        if (fd < 0) throw new IllegalStateException("Unix datagram socket " + path + " is closed");
        return fd;
    }

    /** "ECONNREFUSED (Connection refused)". */
    private static String describe(UnixDatagramConstants k, int errno) {
        return k.errnoName(errno) + " (" + Posix.strerror(errno) + ")";
    }
}
