package org.pdsup.procdesc;

import java.util.Map;

/**
 * The numbers {@link UnixDatagram} needs that differ between systems. Each backend supplies one instance from
 * its own constants class ({@code LinuxSocketConstants.unixDatagramConstants()},
 * {@code FreeBsdSocketConstants.unixDatagramConstants()}), where every value names its header.
 *
 * @param afUnix      AF_UNIX
 * @param sockDgram   SOCK_DGRAM
 * @param sockCloexec SOCK_CLOEXEC (or'ed into the type argument of socket(2))
 * @param msgDontwait MSG_DONTWAIT
 * @param msgNosignal MSG_NOSIGNAL
 * @param pollOut     POLLOUT
 * @param sockaddr    the layout of {@code struct sockaddr_un}
 * @param eIntr       EINTR
 * @param eAgain      EAGAIN (= EWOULDBLOCK)
 * @param eNobufs     ENOBUFS
 * @param eProtoType  EPROTOTYPE (connect(2) to a socket of another type)
 * @param errnoNames  symbolic names of the errno values socket calls return, for messages
 */
public record UnixDatagramConstants(int afUnix, int sockDgram, int sockCloexec, int msgDontwait, int msgNosignal,
                                    short pollOut, SockaddrUnLayout sockaddr, int eIntr, int eAgain, int eNobufs,
                                    int eProtoType, Map<Integer, String> errnoNames) {

    private static final String LINUX = "org.pdsup.procdesc.linux.LinuxSocketConstants";
    private static final String FREEBSD = "org.pdsup.procdesc.freebsd.FreeBsdSocketConstants";
    private static volatile UnixDatagramConstants system;

    public UnixDatagramConstants {
        errnoNames = Map.copyOf(errnoNames);
    }

    /** "ECONNREFUSED", or "errno 99" for a number not in the table. */
    public String errnoName(int errno) {
        String n = errnoNames.get(errno);
        return n != null ? n : "errno " + errno;
    }

    /**
     * The running system's numbers, chosen by {@code os.name} as {@code Backends} chooses the backend (the class
     * is loaded by name, so this package has no compile dependency on the backends); cached after the first
     * success.
     */
    static UnixDatagramConstants system() {
        UnixDatagramConstants c = system;
        if (c != null) return c;
        synchronized (UnixDatagramConstants.class) {
            if (system == null) system = forOs(System.getProperty("os.name", ""));
            return system;
        }
    }

    /** The numbers of the system called {@code osName}; tests use it to check FreeBSD's on Linux. */
    static UnixDatagramConstants forOs(String osName) {
        return Backends.constants(osName, "Unix datagram sockets", LINUX, FREEBSD, "unixDatagramConstants", UnixDatagramConstants.class);
    }
}
