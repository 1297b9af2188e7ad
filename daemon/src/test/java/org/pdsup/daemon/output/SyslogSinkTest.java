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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogSinkTest {
    @TempDir
    Path dir;

    private static void line(SyslogSink s, StreamKind k, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.line(k, b, 0, b.length, false, b.length + 1, 0);
    }

    @Test
    void sendsOneRfc3164MessagePerLineWithFacilityAndSeverity() throws Exception {
        Path sock = dir.resolve("log");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            AtomicLong dropped = new AtomicLong();
            List<String> published = new ArrayList<>();
            SyslogSink sink = new SyslogSink("web", SyslogFacility.LOCAL3, sock, SyslogTransport.STREAM, dropped,
                    (k, d, off, len) -> published.add(k.label() + ":" + new String(d, off, len, StandardCharsets.UTF_8)));
            line(sink, StreamKind.STDOUT, "hello");
            line(sink, StreamKind.STDERR, "oops");
            sink.dropped(StreamKind.STDOUT, 42, 0);
            byte[] big = "z".repeat(SyslogSink.MAX_TEXT + 5).getBytes(StandardCharsets.US_ASCII);
            sink.line(StreamKind.STDOUT, big, 0, big.length, false, big.length + 1, 0);
            sink.close();
            try (SocketChannel peer = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(peer), StandardCharsets.UTF_8))) {
                assertThat(in.readLine()).isEqualTo("<158>web: hello"); // local3 = 19, 19*8 + LOG_INFO 6
                assertThat(in.readLine()).isEqualTo("<155>web: oops"); // + LOG_ERR 3
                assertThat(in.readLine()).isEqualTo("<156>web: pdsupd: dropped 42 bytes of output"); // + LOG_WARNING 4
                assertThat(in.readLine()).isEqualTo("<158>web: " + "z".repeat(SyslogSink.MAX_TEXT) + " [continued]");
                assertThat(in.readLine()).isEqualTo("<158>web: zzzzz");
                assertThat(in.readLine()).isNull();
            }
            assertThat(dropped.get()).isZero();
            assertThat(published).startsWith("stdout:hello", "stderr:oops");
        }
    }

    @Test
    void noSyslogDaemonDropsAndCountsThenRecovers() throws Exception {
        Path sock = dir.resolve("log");
        AtomicLong dropped = new AtomicLong();
        SyslogSink sink = new SyslogSink("svc", SyslogFacility.DAEMON, sock, SyslogTransport.STREAM, dropped, LinePublisher.NONE);
        line(sink, StreamKind.STDOUT, "lost");
        assertThat(dropped.get()).isEqualTo(5);
        sink.flush();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            line(sink, StreamKind.STDOUT, "back");
            sink.close();
            try (SocketChannel peer = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(peer), StandardCharsets.UTF_8))) {
                assertThat(in.readLine()).isEqualTo("<28>svc: pdsupd: dropped 5 bytes of output");
                assertThat(in.readLine()).isEqualTo("<30>svc: back");
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the server only has to be there while the body runs
    void theStreamTransportGivesAClearErrorForADatagramSocket() throws Exception {
        Path sock = dir.resolve("dgram");
        try (DatagramTestServer server = DatagramTestServer.start(sock)) {
            assertThatThrownBy(() -> SyslogTransport.STREAM.connect(sock))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(sock.toString())
                    .hasMessageContaining("datagram socket");
        }
    }

    @Test
    void facilityNamesAndBadOnes() {
        assertThat(SyslogFacility.parse("local7").code()).isEqualTo(23);
        assertThat(SyslogFacility.parse(null)).isEqualTo(SyslogFacility.DAEMON);
        assertThatThrownBy(() -> SyslogFacility.parse("locl3"))
                .hasMessageContaining("output.syslog-facility").hasMessageContaining("locl3").hasMessageContaining("local3");
    }
}
