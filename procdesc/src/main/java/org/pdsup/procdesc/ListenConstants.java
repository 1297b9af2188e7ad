package org.pdsup.procdesc;


/**
 * The numbers {@link ListeningSocket} needs beyond {@link UnixDatagramConstants} (whose AF_UNIX, SOCK_CLOEXEC,
 * {@code struct sockaddr} length and family layout, EINTR and errno names it reuses). Each backend supplies one
 * instance ({@code LinuxSocketConstants.listenConstants()}, {@code FreeBsdSocketConstants.listenConstants()}),
 * where every value names its header.
 *
 * @param afInet       AF_INET
 * @param afInet6      AF_INET6
 * @param sockStream   SOCK_STREAM
 * @param solSocket    SOL_SOCKET
 * @param soReuseaddr  SO_REUSEADDR
 * @param ipprotoIpv6  IPPROTO_IPV6
 * @param ipv6V6only   IPV6_V6ONLY
 * @param eAddrInUse   EADDRINUSE
 * @param eAddrNotAvail EADDRNOTAVAIL
 * @param eAcces       EACCES
 * @param base         the Unix-socket numbers of the same system
 */
public record ListenConstants(int afInet, int afInet6, int sockStream, int solSocket, int soReuseaddr,
                              int ipprotoIpv6, int ipv6V6only, int eAddrInUse, int eAddrNotAvail, int eAcces,
                              UnixDatagramConstants base) {

    private static final String LINUX = "org.pdsup.procdesc.linux.LinuxSocketConstants";
    private static final String FREEBSD = "org.pdsup.procdesc.freebsd.FreeBsdSocketConstants";
    private static volatile ListenConstants system;

    /** "EADDRINUSE", or "errno 99" for a number not in the table. */
    public String errnoName(int errno) {
        if (errno == eAddrNotAvail) return "EADDRNOTAVAIL";
        return base.errnoName(errno);
    }

    /** The running system's numbers, chosen by {@code os.name}; cached after the first success. */
    static ListenConstants system() {
        ListenConstants c = system;
        if (c != null) return c;
        synchronized (ListenConstants.class) {
            if (system == null) system = forOs(System.getProperty("os.name", ""));
            return system;
        }
    }

    /** The numbers of the system called {@code osName}; tests use it to check FreeBSD's on Linux. */
    static ListenConstants forOs(String osName) {
        return Backends.constants(osName, "listening sockets", LINUX, FREEBSD, "listenConstants", ListenConstants.class);
    }
}
