package org.pdsup.daemon.output;

import org.pdsup.procdesc.DatagramTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SyslogSink} over the default transport ({@link SyslogTransport#LOCAL}) to a real datagram "syslog"
 * (python3), and the stream fallback. The timeout only turns a hang into a failure.
 */
@Timeout(120)
class SyslogDatagramTest {
    @TempDir
    Path dir;

    private static void line(SyslogSink s, StreamKind k, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.line(k, b, 0, b.length, false, b.length + 1, 0);
    }

    @Test
    void oneDatagramPerLineWithPriorityAndTag() throws Exception {
        Path sock = dir.resolve("log");
        try (DatagramTestServer server = DatagramTestServer.start(sock)) {
            AtomicLong dropped = new AtomicLong();
            SyslogSink sink = new SyslogSink("web", SyslogFacility.LOCAL3, sock, SyslogTransport.LOCAL, dropped, LinePublisher.NONE);
            line(sink, StreamKind.STDOUT, "hello");
            line(sink, StreamKind.STDERR, "oops");
            line(sink, StreamKind.STDOUT, "");
            line(sink, StreamKind.STDOUT, "grüße");
            byte[] big = "z".repeat(SyslogSink.MAX_TEXT + 5).getBytes(StandardCharsets.US_ASCII);
            sink.line(StreamKind.STDERR, big, 0, big.length, false, big.length + 1, 0);
            sink.close();
            assertThat(server.nextText()).isEqualTo("<158>web: hello"); // local3 = 19, 19*8 + LOG_INFO 6
            assertThat(server.nextText()).isEqualTo("<155>web: oops");  // + LOG_ERR 3
            assertThat(server.nextText()).isEqualTo("<158>web: ");
            assertThat(server.nextText()).isEqualTo("<158>web: grüße");
            assertThat(server.nextText()).isEqualTo("<155>web: " + "z".repeat(SyslogSink.MAX_TEXT) + " [continued]");
            assertThat(server.nextText()).isEqualTo("<155>web: zzzzz");
            assertThat(dropped.get()).isZero();
        }
    }

    @Test
    void aRestartedSyslogDaemonIsReconnectedToWithoutLoss() throws Exception {
        Path sock = dir.resolve("log");
        AtomicLong dropped = new AtomicLong();
        SyslogSink sink = new SyslogSink("svc", SyslogFacility.DAEMON, sock, SyslogTransport.LOCAL, dropped, LinePublisher.NONE);
        try (DatagramTestServer first = DatagramTestServer.start(sock)) {
            line(sink, StreamKind.STDOUT, "before");
            assertThat(first.nextText()).isEqualTo("<30>svc: before");
        }
        Files.delete(sock); // as a syslog daemon does when it starts: a new socket at the same path
        try (DatagramTestServer second = DatagramTestServer.start(sock)) {
            line(sink, StreamKind.STDOUT, "after");
            line(sink, StreamKind.STDERR, "again");
            sink.close();
            assertThat(second.nextText()).isEqualTo("<30>svc: after");
            assertThat(second.nextText()).isEqualTo("<27>svc: again");
        }
        assertThat(dropped.get()).isZero();
    }

    @Test
    void aDaemonThatDoesNotKeepUpCostsDroppedCountedLinesAndANotice() throws Exception {
        Path sock = dir.resolve("log");
        AtomicLong dropped = new AtomicLong();
        try (DatagramTestServer server = DatagramTestServer.holding(sock)) {
            SyslogSink sink = new SyslogSink("svc", SyslogFacility.USER, sock, SyslogTransport.LOCAL, dropped, LinePublisher.NONE);
            int lines = 40;
            for (int i = 0; i < lines; i++) line(sink, StreamKind.STDOUT, String.format("m%02d", i)); // 4 bytes each
            long d = dropped.get();
            assertThat(d).as("the held daemon's queue is full long before 40 datagrams").isPositive();
            assertThat(d % 4).isZero();
            int accepted = lines - (int) (d / 4);
            assertThat(server.pollText()).isNull();

            server.release();
            for (int i = 0; i < accepted; i++) assertThat(server.nextText()).isEqualTo(String.format("<14>svc: m%02d", i));
            sink.flush();
            line(sink, StreamKind.STDERR, "next"); // the daemon's queue is empty now
            sink.close();
            assertThat(server.nextText()).isEqualTo("<12>svc: pdsupd: dropped " + d + " bytes of output"); // user 1*8 + 4
            assertThat(server.nextText()).isEqualTo("<11>svc: next");
            assertThat(dropped.get()).isEqualTo(d);
        }
    }

    @Test
    void aStreamSocketFallsBackToAStreamConnection() throws Exception {
        Path sock = dir.resolve("stream");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            assertThatThrownBy(() -> SyslogTransport.DATAGRAM.connect(sock))
                    .isInstanceOf(IOException.class).hasMessageContaining(sock.toString()).hasMessageContaining("EPROTOTYPE");
            AtomicLong dropped = new AtomicLong();
            SyslogSink sink = new SyslogSink("web", SyslogFacility.DAEMON, sock, SyslogTransport.LOCAL, dropped, LinePublisher.NONE);
            line(sink, StreamKind.STDOUT, "over a stream");
            sink.close();
            try (SocketChannel peer = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(peer), StandardCharsets.UTF_8))) {
                assertThat(in.readLine()).isEqualTo("<30>web: over a stream");
                assertThat(in.readLine()).isNull();
            }
            assertThat(dropped.get()).isZero();
        }
    }

    @Test
    void noSyslogSocketIsAClearErrorNamingThePath() {
        Path sock = dir.resolve("missing");
        assertThatThrownBy(() -> SyslogTransport.LOCAL.connect(sock))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("syslog")
                .hasMessageContaining(sock.toString())
                .hasMessageContaining("ENOENT");
    }
}
