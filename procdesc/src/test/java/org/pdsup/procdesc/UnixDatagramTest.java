package org.pdsup.procdesc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UnixDatagram} against a real datagram server (python3) on a temporary path. The timeout only turns a
 * send that wrongly blocks into a failure instead of a hung build.
 */
@Timeout(120)
class UnixDatagramTest {
    @TempDir
    Path dir;

    private static byte[] message(int i, int size) {
        byte[] b = new byte[size];
        byte[] head = ("#" + i + ":").getBytes(StandardCharsets.US_ASCII);
        for (int j = 0; j < size; j++) b[j] = j < head.length ? head[j] : (byte) (i * 31 + j);
        return b;
    }

    @Test
    void messagesArriveWholeAndInOrder() throws Exception {
        Path sock = dir.resolve("log");
        Random sizes = new Random(42);
        List<byte[]> sent = new ArrayList<>();
        try (DatagramTestServer server = DatagramTestServer.start(sock);
             UnixDatagram d = UnixDatagram.connect(sock)) {
            assertThat(d.path()).isEqualTo(sock);
            for (int i = 0; i < 400; i++) {
                int size = switch (i % 4) {
                    case 0 -> 8192;          // a full syslog message
                    case 1 -> 1;
                    default -> sizes.nextInt(8192);
                };
                // an offset into a larger array, as the syslog sink passes its buffer
                byte[] m = message(i, size);
                byte[] framed = new byte[size + 10];
                System.arraycopy(m, 0, framed, 7, size);
                while (!d.send(framed, 7, size)) {
                    assertThat(d.awaitWritable(30_000)).as("the server reads, so the socket becomes writable").isTrue();
                }
                sent.add(m);
            }
            assertThat(d.send(new byte[0], 0, 0) || d.awaitWritable(30_000) && d.send(new byte[0], 0, 0)).isTrue();
            for (byte[] m : sent) assertThat(server.next()).isEqualTo(m);
            assertThat(server.next()).isEmpty(); // an empty datagram is a datagram too
        }
    }

    @Test
    void aFullReceiverMakesSendReturnFalseWithoutBlocking() throws Exception {
        Path sock = dir.resolve("log");
        try (DatagramTestServer server = DatagramTestServer.holding(sock);
             UnixDatagram d = UnixDatagram.connect(sock)) {
            List<byte[]> accepted = new ArrayList<>();
            int i = 0;
            while (i < 100_000) {
                byte[] m = message(i++, 100);
                if (!d.send(m, 0, m.length)) break;
                accepted.add(m);
            }
            assertThat(i).as("the receiver's queue filled up before 100 000 datagrams").isLessThan(100_000);
            byte[] rejected = message(-1, 100);
            assertThat(d.send(rejected, 0, rejected.length)).isFalse();
            assertThat(d.awaitWritable(0)).as("nobody reads, so no room").isFalse();
            assertThat(server.poll()).isNull();

            server.release();
            assertThat(d.awaitWritable(30_000)).isTrue();
            byte[] after = message(100_001, 100);
            while (!d.send(after, 0, after.length)) assertThat(d.awaitWritable(30_000)).isTrue();
            for (byte[] m : accepted) assertThat(server.next()).isEqualTo(m);
            assertThat(server.next()).as("the rejected datagrams never arrive").isEqualTo(after);
        }
    }

    @Test
    void aMissingSocketNamesThePath() {
        Path sock = dir.resolve("no-such-socket");
        assertThatThrownBy(() -> UnixDatagram.connect(sock))
                .isInstanceOf(ProcessDescriptorException.class)
                .isNotInstanceOf(NotADatagramSocketException.class)
                .hasMessageContaining(sock.toString())
                .hasMessageContaining("ENOENT");
    }

    @Test
    void aStreamSocketIsReportedAsNotADatagramSocket() throws Exception {
        Path sock = dir.resolve("stream");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            assertThatThrownBy(() -> UnixDatagram.connect(sock))
                    .isInstanceOf(NotADatagramSocketException.class)
                    .hasMessageContaining(sock.toString())
                    .hasMessageContaining("EPROTOTYPE")
                    .hasMessageContaining("not a datagram socket");
        }
    }

    @Test
    void aPathTooLongForSockaddrUnIsRejectedClearly() {
        int max = UnixDatagramConstants.system().sockaddr().maxPathBytes();
        Path tooLong = Path.of("/tmp/" + "x".repeat(max - 4)); // max + 1 bytes
        assertThatThrownBy(() -> UnixDatagram.connect(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(tooLong.toString())
                .hasMessageContaining((max + 1) + " bytes long")
                .hasMessageContaining("at most " + max);
    }

    @Test
    void aPathOfExactlyTheLimitConnects() throws Exception {
        int max = UnixDatagramConstants.system().sockaddr().maxPathBytes();
        Path base = dir.toAbsolutePath();
        int room = max - base.toString().length() - 1;
        assumeTrue(room >= 1, "temporary directory path too long for this test");
        Path sock = base.resolve("s".repeat(room));
        assertThat(sock.toString().length()).isEqualTo(max);
        try (DatagramTestServer server = DatagramTestServer.start(sock);
             UnixDatagram d = UnixDatagram.connect(sock)) {
            byte[] m = "limit".getBytes(StandardCharsets.US_ASCII);
            assertThat(d.send(m, 0, m.length)).isTrue();
            assertThat(server.next()).isEqualTo(m);
        }
    }

    @Test
    void aReceiverThatWentAwayIsAnErrorNamingErrnoAndAReconnectReachesItsSuccessor() throws Exception {
        Path sock = dir.resolve("log");
        DatagramTestServer first = DatagramTestServer.start(sock);
        try (UnixDatagram d = UnixDatagram.connect(sock)) {
            byte[] m = "one".getBytes(StandardCharsets.US_ASCII);
            assertThat(d.send(m, 0, m.length)).isTrue();
            assertThat(first.next()).isEqualTo(m);
            first.close();
            assertThatThrownBy(() -> d.send(m, 0, m.length))
                    .isInstanceOf(ProcessDescriptorException.class)
                    .hasMessageContaining(sock.toString())
                    .hasMessageMatching("(?s).*(ECONNREFUSED|ENOTCONN).*");
            // a restarted syslog daemon makes a new socket at the same path
            Files.delete(sock);
            try (DatagramTestServer second = DatagramTestServer.start(sock);
                 UnixDatagram again = UnixDatagram.connect(sock)) {
                byte[] two = "two".getBytes(StandardCharsets.US_ASCII);
                assertThat(again.send(two, 0, two.length)).isTrue();
                assertThat(second.next()).isEqualTo(two);
            }
        } finally {
            first.close();
        }
    }

    @Test
    void nobodyBoundAtThePathIsConnectionRefused() throws Exception {
        Path sock = dir.resolve("log");
        // start the server, then stop it: its socket file stays behind with nobody bound to it
        DatagramTestServer.start(sock).close();
        assertThat(sock).exists();
        assertThatThrownBy(() -> UnixDatagram.connect(sock))
                .isInstanceOf(ProcessDescriptorException.class)
                .hasMessageContaining(sock.toString())
                .hasMessageContaining("ECONNREFUSED");
    }

    @Test
    @SuppressWarnings("try") // the server only has to be there while the body runs
    void theDescriptorIsCloseOnExecAndCloseIsFinal() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "reads /proc/self/fdinfo");
        Path sock = dir.resolve("log");
        try (DatagramTestServer server = DatagramTestServer.start(sock)) {
            UnixDatagram d = UnixDatagram.connect(sock);
            String fdinfo = Files.readString(Path.of("/proc/self/fdinfo/" + d.fd()));
            long flags = Long.parseLong(fdinfo.lines().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow()
                    .substring(6).trim(), 8);
            assertThat(flags & 02000000).as("O_CLOEXEC").isNotZero();
            assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + d.fd())).toString()).startsWith("socket:");
            d.close();
            d.close();
            assertThat(d.fd()).isEqualTo(-1);
            assertThatThrownBy(() -> d.send(new byte[1], 0, 1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(sock.toString());
            assertThatThrownBy(() -> d.send(new byte[1], 1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
