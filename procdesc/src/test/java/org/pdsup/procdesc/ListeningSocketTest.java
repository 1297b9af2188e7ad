package org.pdsup.procdesc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.procdesc.posix.Posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real sockets: bound, listening, close-on-exec; clear errors for a port in use; FreeBSD's sockaddr layout. */
public class ListeningSocketTest {
    @TempDir
    Path tmp;

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void tcpIpv4AndIpv6AcceptConnectionsAndAreCloseOnExec() throws Exception {
        int port = freePort();
        try (ListeningSocket v4 = ListeningSocket.tcp(InetAddress.getByName("127.0.0.1"), port, 16);
             ListeningSocket v6 = ListeningSocket.tcp(InetAddress.getByName("::1"), port, 16)) {
            assertThat(v4.description()).isEqualTo("tcp:127.0.0.1:" + port);
            assertThat(v6.description()).isEqualTo("tcp:[0:0:0:0:0:0:0:1]:" + port);
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress("127.0.0.1", port), 5000); // queued in the backlog: nobody accepts
                assertThat(c.isConnected()).isTrue();
            }
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress("::1", port), 5000);
                assertThat(c.isConnected()).isTrue();
            }
            int fdFlags = Posix.libc().fcntl(v4.fd(), 1 /* F_GETFD */, 0L);
            assertThat(fdFlags & 1 /* FD_CLOEXEC */).isEqualTo(1);
        }
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> ListeningSocket.tcp(InetAddress.getByName("127.0.0.1"), port, 16))
                    .isInstanceOf(ProcessDescriptorException.class)
                    .hasMessage("cannot bind tcp:127.0.0.1:" + port + ": EADDRINUSE (Address already in use): the"
                            + " address is in use (another process listens there)");
        }
    }

    @Test
    void closedSocketRefusesAndItsPortCanBeBoundAgain() throws Exception {
        int port = freePort();
        ListeningSocket s = ListeningSocket.tcp(InetAddress.getByName("127.0.0.1"), port, 16);
        s.close();
        s.close();
        assertThat(s.fd()).isEqualTo(-1);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).hasMessageContaining("refused");
        ListeningSocket.tcp(InetAddress.getByName("127.0.0.1"), port, 16).close();
    }

    @Test
    void unixSocketAcceptsConnections() throws Exception {
        Path path = tmp.resolve("web.sock");
        try (ListeningSocket s = ListeningSocket.unix(path, 16)) {
            assertThat(s.description()).isEqualTo("unix:" + path);
            assertThat(Files.exists(path)).isTrue();
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                assertThat(c.connect(UnixDomainSocketAddress.of(path))).isTrue();
            }
            assertThatThrownBy(() -> ListeningSocket.unix(path, 16)).isInstanceOf(ProcessDescriptorException.class)
                    .hasMessageStartingWith("cannot bind unix:" + path + ": EADDRINUSE");
        }
    }

    /** FreeBSD's struct sockaddr_in / sockaddr_in6 (netinet/in.h, netinet6/in6.h): sin_len, 1-byte family. */
    @Test
    void freeBsdSockaddrLayouts() throws Exception {
        ListenConstants k = ListenConstants.forOs("FreeBSD");
        assertThat(k.afInet6()).isEqualTo(28);
        assertThat(k.solSocket()).isEqualTo(0xffff);
        assertThat(k.soReuseaddr()).isEqualTo(4);
        assertThat(k.ipv6V6only()).isEqualTo(27);
        byte[] in = ListeningSocket.sockaddrIn((java.net.Inet4Address) InetAddress.getByName("10.1.2.3"), 8080, k);
        assertThat(in).containsExactly(16, 2, 0x1f, 0x90, 10, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0);
        byte[] in6 = ListeningSocket.sockaddrIn6((java.net.Inet6Address) InetAddress.getByName("::1"), 443, k);
        assertThat(in6).hasSize(28);
        assertThat(in6[0]).isEqualTo((byte) 28);
        assertThat(in6[1]).isEqualTo((byte) 28);
        assertThat(in6[2]).isEqualTo((byte) 1);
        assertThat(in6[3]).isEqualTo((byte) 0xbb);
        assertThat(in6[23]).isEqualTo((byte) 1);
        ListenConstants linux = ListenConstants.forOs("Linux");
        assertThat(linux.afInet6()).isEqualTo(10);
        assertThat(linux.ipv6V6only()).isEqualTo(26);
        byte[] lin = ListeningSocket.sockaddrIn((java.net.Inet4Address) InetAddress.getByName("127.0.0.1"), 80, linux);
        assertThat(lin).containsExactly(2, 0, 0, 80, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
