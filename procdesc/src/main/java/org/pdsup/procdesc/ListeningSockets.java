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
 * Finds the descriptor of a listening Unix-domain socket bound to a path, among this process's open
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
