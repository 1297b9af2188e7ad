package org.pdsup.procdesc;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;

import jnr.ffi.LibraryLoader;
import org.pdsup.procdesc.posix.Posix;
import org.pdsup.procdesc.posix.SocketLibc;

/**
 * A bound, listening stream socket (TCP over IPv4 or IPv6, or Unix-domain) opened by socket(2), bind(2) and
 * listen(2), to be passed to a child with {@link SpawnSpec.Builder#passFd}. The descriptor is close-on-exec
 * ({@code SOCK_CLOEXEC}): only a spawn that names it gets it, as a dup2'd copy. Whoever opened it closes it.
 *
 * <p>TCP sockets get {@code SO_REUSEADDR} (a restarted supervisor binds again at once despite connections in
 * TIME_WAIT; it never lets two listeners share a port) and IPv6 ones {@code IPV6_V6ONLY} (an IPv6 address means
 * IPv6 only, on every system, whatever the sysctl says; list the IPv4 address as a socket of its own).
 *
 * <p>{@code struct sockaddr_in} is {family, port (network order) at 2, address at 4, zero[8]}: 16 bytes;
 * {@code struct sockaddr_in6} is {family, port at 2, flowinfo at 4, address at 8, scope_id at 24}: 28 bytes
 * (Linux {@code linux/in.h}, {@code linux/in6.h}; FreeBSD {@code netinet/in.h}, {@code netinet6/in6.h}, where
 * the first byte is the length and the family one byte, as in {@link SockaddrUnLayout}).
 */
public final class ListeningSocket implements AutoCloseable {
    private static final class Native {
        static final SocketLibc LIBC = LibraryLoader.create(SocketLibc.class).load("c");
    }

    private static final int SOCKADDR_IN_SIZE = 16;
    private static final int SOCKADDR_IN6_SIZE = 28;

    private final String description;
    private int fd;

    private ListeningSocket(String description, int fd) {
        this.description = description;
        this.fd = fd;
    }

    /**
     * A TCP socket bound to {@code address:port}, listening with {@code backlog}.
     *
     * @throws ProcessDescriptorException naming the address and the errno (EADDRINUSE: in use; EACCES: a port
     *         below 1024 without privilege; EADDRNOTAVAIL: not an address of this host)
     */
    public static ListeningSocket tcp(InetAddress address, int port, int backlog) {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " is not 1..65535");
        ListenConstants k = ListenConstants.system();
        boolean v6 = address instanceof Inet6Address;
        String shown = "tcp:" + (v6 ? "[" + address.getHostAddress() + "]" : address.getHostAddress()) + ":" + port;
        byte[] sockaddr = v6 ? sockaddrIn6((Inet6Address) address, port, k) : sockaddrIn((Inet4Address) address, port, k);
        int fd = open(k, v6 ? k.afInet6() : k.afInet(), shown);
        try {
            option(k, fd, k.solSocket(), k.soReuseaddr(), "SO_REUSEADDR", shown);
            if (v6) option(k, fd, k.ipprotoIpv6(), k.ipv6V6only(), "IPV6_V6ONLY", shown);
            bindAndListen(k, fd, sockaddr, backlog, shown);
        } catch (RuntimeException e) {
            Posix.libc().close(fd);
            throw e;
        }
        return new ListeningSocket(shown, fd);
    }

    /**
     * A Unix-domain stream socket bound to {@code path} (bind(2) creates the file, with the mode the umask leaves:
     * bind it where no one else can reach and move it into place, see the daemon's held sockets).
     *
     * @throws IllegalArgumentException   when the path does not fit in a {@code struct sockaddr_un}
     * @throws ProcessDescriptorException naming the path and the errno (EADDRINUSE: a file is there)
     */
    public static ListeningSocket unix(Path path, int backlog) {
        Objects.requireNonNull(path, "path");
        ListenConstants k = ListenConstants.system();
        UnixDatagramConstants b = k.base();
        String shown = "unix:" + path;
        byte[] sockaddr = b.sockaddr().encode(path.toString().getBytes(Posix.fileNameCharset()), b.afUnix(), path.toString());
        int fd = open(k, b.afUnix(), shown);
        try {
            bindAndListen(k, fd, sockaddr, backlog, shown);
        } catch (RuntimeException e) {
            Posix.libc().close(fd);
            throw e;
        }
        return new ListeningSocket(shown, fd);
    }

    /**
     * A listening socket this process already has open as {@code fd}: one a live re-exec handed over, its
     * close-on-exec flag cleared for that exec. Sets the flag again ({@code FD_CLOEXEC}, F_SETFD: 2 on Linux,
     * fcntl.h, and FreeBSD, sys/sys/fcntl.h), so no later child gets it unasked.
     *
     * @throws ProcessDescriptorException when {@code fd} is not open or not a listening socket ({@code SO_ACCEPTCONN})
     */
    public static ListeningSocket inherited(int fd, String description) {
        Objects.requireNonNull(description, "description");
        if (!ListeningSockets.isListening(fd)) {
            throw new ProcessDescriptorException("descriptor " + fd + " (" + description
                    + ") is not a listening socket", 0);
        }
        Fds.setCloseOnExec(fd);
        return new ListeningSocket(description, fd);
    }

    /** The descriptor (close-on-exec); -1 once closed. */
    public int fd() {
        return fd;
    }

    /** {@code tcp:127.0.0.1:8080}, {@code tcp:[::1]:8080} or {@code unix:/path}. */
    public String description() {
        return description;
    }

    /** Closes the descriptor; further calls do nothing. */
    @Override
    public void close() {
        int s = fd;
        if (s < 0) return;
        fd = -1;
        Posix.libc().close(s);
    }

    @Override
    public String toString() {
        return "ListeningSocket[" + description + (fd < 0 ? ", closed]" : ", fd " + fd + "]");
    }

    private static int open(ListenConstants k, int family, String shown) {
        int fd = Native.LIBC.socket(family, k.sockStream() | k.base().sockCloexec(), 0);
        if (fd < 0) {
            int e = Posix.errno();
            throw new ProcessDescriptorException("cannot open a socket for " + shown + ": socket(2): "
                    + describe(k, e), e);
        }
        return fd;
    }

    private static void option(ListenConstants k, int fd, int level, int name, String shownName, String shown) {
        if (Native.LIBC.setsockopt(fd, level, name, new int[] {1}, 4) != 0) {
            int e = Posix.errno();
            throw new ProcessDescriptorException("cannot set " + shownName + " on " + shown + ": " + describe(k, e), e);
        }
    }

    private static void bindAndListen(ListenConstants k, int fd, byte[] sockaddr, int backlog, String shown) {
        if (Native.LIBC.bind(fd, sockaddr, sockaddr.length) != 0) {
            int e = Posix.errno();
            String hint = e == k.eAddrInUse() ? ": the address is in use (another process listens there)"
                    : e == k.eAcces() ? ": permission denied (a port below 1024 needs root)"
                    : e == k.eAddrNotAvail() ? ": not an address of this host" : "";
            throw new ProcessDescriptorException("cannot bind " + shown + ": " + describe(k, e) + hint, e);
        }
        if (Native.LIBC.listen(fd, backlog) != 0) {
            int e = Posix.errno();
            throw new ProcessDescriptorException("cannot listen on " + shown + ": " + describe(k, e), e);
        }
    }

    static byte[] sockaddrIn(Inet4Address address, int port, ListenConstants k) {
        byte[] a = new byte[SOCKADDR_IN_SIZE];
        family(a, SOCKADDR_IN_SIZE, k.afInet(), k.base().sockaddr());
        port(a, port);
        System.arraycopy(address.getAddress(), 0, a, 4, 4);
        return a;
    }

    static byte[] sockaddrIn6(Inet6Address address, int port, ListenConstants k) {
        byte[] a = new byte[SOCKADDR_IN6_SIZE];
        family(a, SOCKADDR_IN6_SIZE, k.afInet6(), k.base().sockaddr());
        port(a, port);
        System.arraycopy(address.getAddress(), 0, a, 8, 16);
        int scope = address.getScopeId();
        java.nio.ByteBuffer.wrap(a, 24, 4).order(java.nio.ByteOrder.nativeOrder()).putInt(scope);
        return a;
    }

    /** The length byte (FreeBSD) and the family, laid out as in {@code struct sockaddr_un} of the system. */
    private static void family(byte[] a, int size, int family, SockaddrUnLayout layout) {
        if (layout.lenOffset() >= 0) a[layout.lenOffset()] = (byte) size;
        if (layout.familySize() == 1) {
            a[layout.familyOffset()] = (byte) family;
        } else {
            java.nio.ByteBuffer.wrap(a, layout.familyOffset(), 2).order(java.nio.ByteOrder.nativeOrder())
                    .putShort((short) family);
        }
    }

    private static void port(byte[] a, int port) {
        a[2] = (byte) (port >>> 8);
        a[3] = (byte) port;
    }

    private static String describe(ListenConstants k, int errno) {
        return k.errnoName(errno) + " (" + Posix.strerror(errno) + ")";
    }
}
