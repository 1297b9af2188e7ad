package org.pdsup.procdesc.linux;

import java.util.Map;

import org.pdsup.procdesc.ListenConstants;
import org.pdsup.procdesc.SockaddrUnLayout;
import org.pdsup.procdesc.UnixDatagramConstants;

/**
 * Linux numbers for {@link org.pdsup.procdesc.UnixDatagram} (x86_64 and aarch64, glibc), each with the header it
 * comes from; AF_UNIX, SOCK_CLOEXEC, EINTR and EAGAIN are {@link LinuxConstants}'. {@code UnixDatagramConstantsTest}
 * compares them with the values of this machine's headers (as CPython's socket, select and errno modules were
 * compiled with them). Never share these literals with FreeBSD: MSG_DONTWAIT, POLLOUT aside, all differ.
 */
public final class LinuxSocketConstants {
    private LinuxSocketConstants() {}

    // bits/socket_type.h
    public static final int SOCK_DGRAM = 2;
    // bits/socket.h
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    // asm-generic/poll.h
    public static final short POLLOUT = 0x4;

    // sys/un.h (glibc) = linux/un.h: struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; },
    // sa_family_t is unsigned short (bits/sockaddr.h)
    public static final int SUN_FAMILY_OFFSET = 0;
    public static final int SUN_FAMILY_SIZE = 2;
    public static final int SUN_PATH_OFFSET = 2;
    public static final int SUN_PATH_SIZE = 108;

    // asm-generic/errno-base.h
    public static final int EPIPE = 32;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ENOTDIR = 20;
    // asm-generic/errno.h
    public static final int ENAMETOOLONG = 36;
    public static final int ELOOP = 40;
    public static final int ENOTSOCK = 88;
    public static final int EDESTADDRREQ = 89;
    public static final int EMSGSIZE = 90;
    public static final int EPROTOTYPE = 91;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int ECONNRESET = 104;
    public static final int ENOBUFS = 105;
    public static final int EISCONN = 106;
    public static final int ENOTCONN = 107;
    public static final int ECONNREFUSED = 111;

    private static final UnixDatagramConstants CONSTANTS = new UnixDatagramConstants(LinuxConstants.AF_UNIX,
            SOCK_DGRAM, LinuxConstants.SOCK_CLOEXEC, MSG_DONTWAIT, MSG_NOSIGNAL, POLLOUT,
            new SockaddrUnLayout(-1, SUN_FAMILY_OFFSET, SUN_FAMILY_SIZE, SUN_PATH_OFFSET, SUN_PATH_SIZE),
            LinuxConstants.EINTR, LinuxConstants.EAGAIN, ENOBUFS, EPROTOTYPE, Map.ofEntries(
                    Map.entry(LinuxConstants.EPERM, "EPERM"), Map.entry(LinuxConstants.ENOENT, "ENOENT"),
                    Map.entry(LinuxConstants.EINTR, "EINTR"), Map.entry(LinuxConstants.EBADF, "EBADF"),
                    Map.entry(LinuxConstants.EAGAIN, "EAGAIN"), Map.entry(LinuxConstants.ENOMEM, "ENOMEM"),
                    Map.entry(LinuxConstants.EACCES, "EACCES"), Map.entry(ENOTDIR, "ENOTDIR"),
                    Map.entry(LinuxConstants.EINVAL, "EINVAL"), Map.entry(ENFILE, "ENFILE"), Map.entry(EMFILE, "EMFILE"),
                    Map.entry(EPIPE, "EPIPE"), Map.entry(ENAMETOOLONG, "ENAMETOOLONG"), Map.entry(ELOOP, "ELOOP"),
                    Map.entry(ENOTSOCK, "ENOTSOCK"), Map.entry(EDESTADDRREQ, "EDESTADDRREQ"),
                    Map.entry(EMSGSIZE, "EMSGSIZE"), Map.entry(EPROTOTYPE, "EPROTOTYPE"),
                    Map.entry(EPROTONOSUPPORT, "EPROTONOSUPPORT"), Map.entry(EAFNOSUPPORT, "EAFNOSUPPORT"),
                    Map.entry(EADDRINUSE, "EADDRINUSE"), Map.entry(ECONNRESET, "ECONNRESET"),
                    Map.entry(ENOBUFS, "ENOBUFS"), Map.entry(EISCONN, "EISCONN"), Map.entry(ENOTCONN, "ENOTCONN"),
                    Map.entry(ECONNREFUSED, "ECONNREFUSED")));

    // bits/socket.h (glibc) = linux/socket.h
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    // asm-generic/socket.h
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    // netinet/in.h (glibc) = linux/in.h, linux/in6.h
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPV6_V6ONLY = 26;
    // asm-generic/errno.h
    public static final int EADDRNOTAVAIL = 99;

    private static final ListenConstants LISTEN = new ListenConstants(AF_INET, AF_INET6, LinuxConstants.SOCK_STREAM,
            SOL_SOCKET, SO_REUSEADDR, IPPROTO_IPV6, IPV6_V6ONLY, EADDRINUSE, EADDRNOTAVAIL, LinuxConstants.EACCES,
            CONSTANTS);

    /** Looked up by name from {@code ListenConstants.system()}. */
    public static ListenConstants listenConstants() {
        return LISTEN;
    }

    /** Looked up by name from {@code UnixDatagramConstants.system()}. */
    public static UnixDatagramConstants unixDatagramConstants() {
        return CONSTANTS;
    }
}
