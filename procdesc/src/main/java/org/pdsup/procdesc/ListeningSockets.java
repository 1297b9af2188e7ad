package org.pdsup.procdesc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.pdsup.procdesc.posix.Posix;

/**
 * Finds the descriptor of a listening Unix-domain socket bound to a path, or of a TCP socket bound to an address,
 * among this process's open
 * descriptors: for handing a listener that a library opened (Java NIO under Netty) to a re-executed program.
 * getsockname(2) gives the path (an accepted connection reports its listener's path too), and
 * {@code SO_ACCEPTCONN} tells the listener from its connections.
 *
 * <p>Constants: {@code SOL_SOCKET} / {@code SO_ACCEPTCONN} are 1 / 30 on Linux (asm-generic/socket.h) and
 * 0xffff / 0x0002 on FreeBSD (sys/sys/socket.h). {@code AF_UNIX} is 1 on both; {@code sun_path} is at offset 2
 * on both ({@link SockaddrUnLayout}). Open descriptors are listed from /proc/self/fd on Linux; elsewhere every
 * number below the descriptor limit (at most 65,536) is tried.
 */
public final class ListeningSockets {
    private static final boolean LINUX = ProcessDescriptors.osName().contains("linux");
    private static final int SOL_SOCKET = LINUX ? 1 : 0xffff;
    private static final int SO_ACCEPTCONN = LINUX ? 30 : 0x0002;
    private static final int AF_UNIX = 1;
    private static final int SUN_PATH_OFFSET = 2;
    private static final int SOCKADDR_UN_BYTES = 110;

    private ListeningSockets() {}

    /** The descriptor of the listening Unix socket bound to {@code path}, if this process has one open. */
    public static OptionalInt unixListener(Path path) {
        byte[] wanted = path.toString().getBytes(StandardCharsets.UTF_8);
        Pointer addr = Memory.allocateDirect(Posix.runtime(), 128);
        Pointer len = Memory.allocateDirect(Posix.runtime(), 4);
        for (int fd : openDescriptors()) {
            len.putInt(0, SOCKADDR_UN_BYTES);
            if (Posix.libc().getsockname(fd, addr, len) != 0) continue;
            int got = len.getInt(0);
            if (got <= SUN_PATH_OFFSET || family(addr) != AF_UNIX) continue;
            byte[] p = new byte[Math.min(got, SOCKADDR_UN_BYTES) - SUN_PATH_OFFSET];
            addr.get(SUN_PATH_OFFSET, p, 0, p.length);
            int n = 0;
            while (n < p.length && p[n] != 0) n++;
            if (n != wanted.length || !java.util.Arrays.equals(p, 0, n, wanted, 0, n)) continue;
            if (accepting(fd)) return OptionalInt.of(fd);
        }
        return OptionalInt.empty();
    }

    /**
     * The descriptor of the listening TCP socket bound to {@code address} (its IP address and port, as
     * getsockname(2) reports them), if this process has one open. An IPv4 address also matches an IPv6 socket
     * bound to its mapped form ({@code ::ffff:127.0.0.1}), as the JDK's dual-stack sockets are.
     */
    public static OptionalInt tcpListener(java.net.InetSocketAddress address) {
        for (int fd : openDescriptors()) {
            if (boundTo(fd, address) && accepting(fd)) return OptionalInt.of(fd);
        }
        return OptionalInt.empty();
    }

    /** True when {@code fd} is a TCP socket bound to {@code address} (see {@link #tcpListener}). */
    public static boolean boundTo(int fd, java.net.InetSocketAddress address) {
        return address.equals(tcpAddress(fd).orElse(null));
    }

    /** True when {@code fd} is an IPv6 socket (AF_INET6), dual-stack or not. */
    public static boolean isInet6(int fd) {
        Pointer addr = Memory.allocateDirect(Posix.runtime(), 128);
        Pointer len = Memory.allocateDirect(Posix.runtime(), 4);
        len.putInt(0, 128);
        return Posix.libc().getsockname(fd, addr, len) == 0 && family(addr) == ListenConstants.system().afInet6();
    }

    /**
     * The address an IPv4 or IPv6 socket is bound to (getsockname(2)); an IPv4-mapped IPv6 address as the IPv4 one.
     * {@code struct sockaddr_in}: port (network order) at 2, address at 4; {@code struct sockaddr_in6}: port at 2,
     * address at 8 (see {@link ListeningSocket}).
     */
    public static java.util.Optional<java.net.InetSocketAddress> tcpAddress(int fd) {
        ListenConstants k = ListenConstants.system();
        Pointer addr = Memory.allocateDirect(Posix.runtime(), 128);
        Pointer len = Memory.allocateDirect(Posix.runtime(), 4);
        len.putInt(0, 128);
        if (Posix.libc().getsockname(fd, addr, len) != 0) return java.util.Optional.empty();
        int family = family(addr);
        int size = family == k.afInet() ? 4 : family == k.afInet6() ? 16 : 0;
        int offset = size == 4 ? 4 : 8;
        if (size == 0 || len.getInt(0) < offset + size) return java.util.Optional.empty();
        int port = (Byte.toUnsignedInt(addr.getByte(2)) << 8) | Byte.toUnsignedInt(addr.getByte(3));
        byte[] ip = new byte[size];
        addr.get(offset, ip, 0, size);
        try {
            // getByAddress turns an IPv4-mapped IPv6 address into the Inet4Address
            return java.util.Optional.of(new java.net.InetSocketAddress(java.net.InetAddress.getByAddress(ip), port));
        } catch (java.net.UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    /** True when {@code fd} is open and a socket that listens ({@code SO_ACCEPTCONN}). */
    public static boolean isListening(int fd) {
        return fd >= 0 && accepting(fd);
    }

    private static int family(Pointer addr) {
        // Linux: sa_family_t (u16, native order) at 0; FreeBSD: sun_len at 0, sun_family (u8) at 1
        return LINUX ? Short.toUnsignedInt(addr.getShort(0)) : Byte.toUnsignedInt(addr.getByte(1));
    }

    private static boolean accepting(int fd) {
        Pointer v = Memory.allocateDirect(Posix.runtime(), 4);
        Pointer len = Memory.allocateDirect(Posix.runtime(), 4);
        len.putInt(0, 4);
        return Posix.libc().getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, v, len) == 0 && v.getInt(0) != 0;
    }

    /** This process's open descriptor numbers (a superset elsewhere than Linux). */
    static List<Integer> openDescriptors() {
        List<Integer> fds = new ArrayList<>();
        if (LINUX) {
            try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
                s.forEach(p -> fds.add(Integer.parseInt(p.getFileName().toString())));
                return fds;
            } catch (IOException | NumberFormatException e) {
                fds.clear();
            }
        }
        int limit = (int) Math.min(org.pdsup.procdesc.posix.DescriptorLimit.soft().orElse(65_536), 65_536);
        for (int fd = 0; fd < limit; fd++) fds.add(fd);
        return fds;
    }
}
