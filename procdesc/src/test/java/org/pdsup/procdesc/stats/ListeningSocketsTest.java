package org.pdsup.procdesc.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Who listens on a port, read from the real system: sockets this JVM opens are found, with this JVM as owner. */
class ListeningSocketsTest {

    private static final int SELF = (int) ProcessHandle.current().pid();

    @Test
    void anIpv4ListenerIsFoundWithItsOwner() throws Exception {
        ListeningSockets sockets = ListeningSockets.system();
        assumeTrue(sockets.supported(), "no listener lookup on this system");
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            List<TcpListener> found = sockets.tcpListeners(s.getLocalPort());
            assertThat(found).hasSize(1);
            TcpListener l = found.get(0);
            assertThat(l.address()).isEqualTo("127.0.0.1");
            assertThat(l.port()).isEqualTo(s.getLocalPort());
            assertThat(l.owners()).extracting(TcpListener.Owner::pid).containsExactly(SELF);
            assertThat(l.describe()).startsWith("pid " + SELF + " (").endsWith(") on 127.0.0.1:" + s.getLocalPort());
        }
    }

    @Test
    void aWildcardIpv6ListenerIsFound() throws Exception {
        ListeningSockets sockets = ListeningSockets.system();
        assumeTrue(sockets.supported(), "no listener lookup on this system");
        try (ServerSocket s = new ServerSocket(0)) { // the JDK binds [::] where IPv6 is available
            List<TcpListener> found = sockets.tcpListeners(s.getLocalPort());
            assertThat(found).hasSize(1);
            assertThat(found.get(0).address()).isIn("::", "0.0.0.0");
            assertThat(found.get(0).owners()).extracting(TcpListener.Owner::pid).containsExactly(SELF);
        }
    }

    @Test
    void aClosedPortHasNoListener() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(ListeningSockets.system().tcpListeners(port)).isEmpty();
    }

    @Test
    void addressColumnsAreWordsInHostByteOrder() {
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        assertThat(LinuxListeningSockets.address(little ? "0100007F" : "7F000001")).isEqualTo("127.0.0.1");
        assertThat(LinuxListeningSockets.address("00000000")).isEqualTo("0.0.0.0");
        assertThat(LinuxListeningSockets.address("00000000000000000000000000000000")).isEqualTo("::");
        assertThat(LinuxListeningSockets.address(little ? "00000000000000000000000001000000"
                : "00000000000000000000000000000001")).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void describeSaysUnknownWithoutOwners() {
        assertThat(new TcpListener("::", 80, List.of()).describe()).isEqualTo("unknown process on [::]:80");
    }
}
