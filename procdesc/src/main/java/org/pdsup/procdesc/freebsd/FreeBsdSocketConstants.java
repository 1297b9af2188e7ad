package org.pdsup.procdesc.freebsd;

import java.util.Map;

import org.pdsup.procdesc.ListenConstants;
import org.pdsup.procdesc.SockaddrUnLayout;
import org.pdsup.procdesc.UnixDatagramConstants;

/**
 * FreeBSD numbers for {@link org.pdsup.procdesc.UnixDatagram} (14.x/15.x, amd64 and arm64), each with the header
 * it comes from; AF_UNIX, SOCK_DGRAM, SOCK_CLOEXEC, MSG_NOSIGNAL and the errno values {@link FreeBsdConstants}
 * already has are taken from there. {@code UnixDatagramConstantsTest} pins every value, so a drift fails the
 * build on Linux rather than on a FreeBSD host.
 */
public final class FreeBsdSocketConstants {
    private FreeBsdSocketConstants() {}

    public static final int MSG_DONTWAIT = 0x80;          // sys/sys/socket.h (Linux 0x40)
    public static final short POLLOUT = 0x0004;           // sys/sys/poll.h

    // sys/sys/un.h: struct sockaddr_un { unsigned char sun_len; sa_family_t sun_family; char sun_path[104]; },
    // sa_family_t is __uint8_t (sys/sys/_types.h)
    public static final int SUN_LEN_OFFSET = 0;           // sys/sys/un.h
    public static final int SUN_FAMILY_OFFSET = 1;        // sys/sys/un.h
    public static final int SUN_FAMILY_SIZE = 1;          // sys/sys/_types.h (__sa_family_t = __uint8_t)
    public static final int SUN_PATH_OFFSET = 2;          // sys/sys/un.h
    public static final int SUN_PATH_SIZE = 104;          // sys/sys/un.h

    // sys/sys/errno.h ("ipc/network software")
    public static final int ENOTSOCK = 38;                // sys/sys/errno.h (Linux 88)
    public static final int EDESTADDRREQ = 39;            // sys/sys/errno.h (Linux 89)
    public static final int EMSGSIZE = 40;                // sys/sys/errno.h (Linux 90)
    public static final int EPROTOTYPE = 41;              // sys/sys/errno.h (Linux 91)
    public static final int EPROTONOSUPPORT = 43;         // sys/sys/errno.h (Linux 93)
    public static final int EAFNOSUPPORT = 47;            // sys/sys/errno.h (Linux 97)
    public static final int EADDRINUSE = 48;              // sys/sys/errno.h (Linux 98)
    public static final int ECONNRESET = 54;              // sys/sys/errno.h (Linux 104)
    public static final int ENOBUFS = 55;                 // sys/sys/errno.h (Linux 105)
    public static final int EISCONN = 56;                 // sys/sys/errno.h (Linux 106)
    public static final int ENOTCONN = 57;                // sys/sys/errno.h (Linux 107)
    public static final int ECONNREFUSED = 61;            // sys/sys/errno.h (Linux 111)

    private static final UnixDatagramConstants CONSTANTS = new UnixDatagramConstants(FreeBsdConstants.AF_UNIX,
            FreeBsdConstants.SOCK_DGRAM, FreeBsdConstants.SOCK_CLOEXEC, MSG_DONTWAIT, FreeBsdConstants.MSG_NOSIGNAL,
            POLLOUT,
            new SockaddrUnLayout(SUN_LEN_OFFSET, SUN_FAMILY_OFFSET, SUN_FAMILY_SIZE, SUN_PATH_OFFSET, SUN_PATH_SIZE),
            FreeBsdConstants.EINTR, FreeBsdConstants.EAGAIN, ENOBUFS, EPROTOTYPE, Map.ofEntries(
                    Map.entry(FreeBsdConstants.EPERM, "EPERM"), Map.entry(FreeBsdConstants.ENOENT, "ENOENT"),
                    Map.entry(FreeBsdConstants.EINTR, "EINTR"), Map.entry(FreeBsdConstants.EBADF, "EBADF"),
                    Map.entry(FreeBsdConstants.ENOMEM, "ENOMEM"), Map.entry(FreeBsdConstants.EACCES, "EACCES"),
                    Map.entry(FreeBsdConstants.ENOTDIR, "ENOTDIR"), Map.entry(FreeBsdConstants.EINVAL, "EINVAL"),
                    Map.entry(FreeBsdConstants.ENFILE, "ENFILE"), Map.entry(FreeBsdConstants.EMFILE, "EMFILE"),
                    Map.entry(FreeBsdConstants.EPIPE, "EPIPE"), Map.entry(FreeBsdConstants.EAGAIN, "EAGAIN"),
                    Map.entry(ENOTSOCK, "ENOTSOCK"), Map.entry(EDESTADDRREQ, "EDESTADDRREQ"),
                    Map.entry(EMSGSIZE, "EMSGSIZE"), Map.entry(EPROTOTYPE, "EPROTOTYPE"),
                    Map.entry(EPROTONOSUPPORT, "EPROTONOSUPPORT"), Map.entry(EAFNOSUPPORT, "EAFNOSUPPORT"),
                    Map.entry(EADDRINUSE, "EADDRINUSE"), Map.entry(ECONNRESET, "ECONNRESET"),
                    Map.entry(ENOBUFS, "ENOBUFS"), Map.entry(EISCONN, "EISCONN"), Map.entry(ENOTCONN, "ENOTCONN"),
                    Map.entry(ECONNREFUSED, "ECONNREFUSED"), Map.entry(FreeBsdConstants.ELOOP, "ELOOP"),
                    Map.entry(FreeBsdConstants.ENAMETOOLONG, "ENAMETOOLONG")));

    public static final int AF_INET = 2;                  // sys/sys/socket.h
    public static final int AF_INET6 = 28;                // sys/sys/socket.h (Linux 10)
    public static final int SOL_SOCKET = 0xffff;          // sys/sys/socket.h (Linux 1)
    public static final int SO_REUSEADDR = 0x0004;        // sys/sys/socket.h (Linux 2)
    public static final int IPPROTO_IPV6 = 41;            // sys/netinet/in.h
    public static final int IPV6_V6ONLY = 27;             // sys/netinet6/in6.h (Linux 26)
    public static final int EADDRNOTAVAIL = 49;           // sys/sys/errno.h (Linux 99)

    private static final ListenConstants LISTEN = new ListenConstants(AF_INET, AF_INET6, FreeBsdConstants.SOCK_STREAM,
            SOL_SOCKET, SO_REUSEADDR, IPPROTO_IPV6, IPV6_V6ONLY, EADDRINUSE, EADDRNOTAVAIL, FreeBsdConstants.EACCES,
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
