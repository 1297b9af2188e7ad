package org.pdsup.procdesc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * A listener open as a bare descriptor (as a live re-exec leaves it) served through a NIO channel: a client that
 * connected before, waiting in the backlog, is accepted through the channel; the descriptor is close-on-exec again;
 * a descriptor that is not a listener on that address is refused and left open.
 */
class InheritedServerChannelTest {

    @Test
    void aClientWaitingInTheBacklogIsAcceptedThroughTheChannel() throws Exception {
        int port = ListeningSocketTest.freePort();
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        ListeningSocket listener = ListeningSocket.tcp(InetAddress.getByName("127.0.0.1"), port, 16);
        int fd = ProcessReplacement.dup(listener.fd()); // the "handed over" descriptor: not close-on-exec
        listener.close();
        assertThat(ProcessReplacement.closeOnExec(fd)).isFalse();
        try (Socket early = new Socket()) {
            early.connect(at, 5000); // before the channel exists: waits in the backlog
            early.getOutputStream().write("early\n".getBytes(StandardCharsets.US_ASCII));
            try (ServerSocketChannel ch = InheritedServerChannel.adopt(fd, at)) {
                int under = ListeningSockets.tcpListener(at).orElseThrow();
                assertThat(ProcessReplacement.closeOnExec(under)).as("close-on-exec again").isTrue();
                assertThatThrownBy(() -> ProcessReplacement.closeOnExec(fd)).as("the inherited number is closed")
                        .isInstanceOf(ProcessDescriptorException.class);
                try (SocketChannel accepted = ch.accept()) {
                    ByteBuffer b = ByteBuffer.allocate(16);
                    while (b.position() < 6) assertThat(accepted.read(b)).isNotNegative();
                    assertThat(new String(b.array(), 0, 6, StandardCharsets.US_ASCII)).isEqualTo("early\n");
                    assertThat(((InetSocketAddress) accepted.getLocalAddress()).getPort()).isEqualTo(port);
                }
            }
        }
        // closing the channel closed the listener: the port is free again
        ListeningSocket.tcp(InetAddress.getByName("127.0.0.1"), port, 16).close();
    }

    @Test
    void aJdkListenerIsFoundByItsAddressAndServedAgain() throws Exception {
        // the JDK's default sockets are IPv6 dual-stack: 127.0.0.1 is bound as ::ffff:127.0.0.1
        try (ServerSocketChannel jdk = ServerSocketChannel.open()) {
            jdk.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress at = (InetSocketAddress) jdk.getLocalAddress();
            int fd = ProcessReplacement.dup(ListeningSockets.tcpListener(at).orElseThrow());
            try (ServerSocketChannel again = InheritedServerChannel.adopt(fd, at);
                 Socket c = new Socket()) {
                c.connect(at, 5000);
                // two descriptors share the listener now: either may take the connection
                again.configureBlocking(false);
                SocketChannel accepted = again.accept();
                if (accepted == null) accepted = jdk.accept();
                assertThat(accepted).isNotNull();
                accepted.close();
            }
        }
    }

    @Test
    void aDescriptorThatIsNotThatListenerIsRefusedAndLeftOpen() throws Exception {
        int port = ListeningSocketTest.freePort();
        try (ListeningSocket listener = ListeningSocket.tcp(InetAddress.getByName("127.0.0.1"), port, 16)) {
            InetSocketAddress elsewhere = new InetSocketAddress("127.0.0.1", port == 65535 ? 65534 : port + 1);
            assertThatThrownBy(() -> InheritedServerChannel.adopt(listener.fd(), elsewhere))
                    .isInstanceOf(IOException.class)
                    .hasMessage("descriptor " + listener.fd() + " is not a socket listening on " + elsewhere);
            assertThat(ListeningSockets.isListening(listener.fd())).isTrue();
        }
    }
}
