package org.pdsup.pdctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.ExitSummary;
import org.pdsup.protocol.Op;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Responses;
import org.pdsup.protocol.ServiceStatus;

/** pdctl's connection handling and framing, against a scripted peer and against no peer at all. */
class ClientTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int pdctl(String... args) {
        return Main.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), Map.of(), false);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void missingSocketExplainsAndExits69() {
        Path sock = dir.resolve("none.sock");
        assertThat(pdctl("-s", sock.toString(), "status")).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err()).isEqualTo("pdctl: cannot connect to " + sock + ": no such file (is pdsupd running?)\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void staleSocketFileExplainsAndExits69() throws Exception {
        Path sock = dir.resolve("stale.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(sock));
        } // closed: the file stays, nobody listens
        assertThat(pdctl("-s", sock.toString(), "pid", "web")).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err()).contains("cannot connect to " + sock + ": connection refused");
    }

    @Test
    void socketFromEnvironmentIsUsed() {
        Path sock = dir.resolve("env.sock");
        int status = Main.run(new String[] {"status"}, new PrintStream(stdout), new PrintStream(stderr),
                Map.of("PDCTL_SOCKET", sock.toString()), false);
        assertThat(status).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err()).contains(sock.toString());
    }

    @Test
    void usageErrorsExit2WithoutConnecting() {
        assertThat(pdctl("-s", dir.resolve("x").toString(), "bogus")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("pdctl: unknown command 'bogus'").contains("Try 'pdctl help'.");
        assertThat(pdctl()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpGoesToStdoutAndExits0() {
        assertThat(pdctl("help")).isZero();
        assertThat(out()).startsWith("usage: pdctl [-H [USER@]HOST[:PORT]] [-s SOCKET] [--json] COMMAND").contains("wait NAME");
    }

    @Test
    void readsALargeStatusInSmallChunksAndPipelinesHello() throws Exception {
        Path sock = dir.resolve("big.sock");
        List<ServiceStatus> many = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(new ServiceStatus("svc-" + i, i % 2 == 0 ? "running" : "exited", true, i % 2 == 0 ? 1000 + i : 0,
                    "2026-01-01T00:00:00Z", null, i % 2 == 0 ? i : -1, i % 7, false, false, null,
                    i % 2 == 0 ? null : new ExitSummary("exit 1", 1, null, false, 0.5, 0.25, 1 << 20, null)));
        }
        Function<Request, List<Map<String, Object>>> script = r -> r.op() == Op.HELLO
                ? List.of(Responses.hello(r.id(), "pdsupd/test"))
                : List.of(Responses.services(r.id(), many));
        try (ScriptedServer server = new ScriptedServer(sock, script)) {
            assertThat(pdctl("-s", sock.toString(), "status")).isZero();
            String[] lines = out().split("\n");
            assertThat(lines).hasSize(2001);
            assertThat(lines[0]).startsWith("NAME ");
            assertThat(lines[1]).startsWith("svc-0 ").contains("running");
            assertThat(lines[2000]).startsWith("svc-1999").contains("exited").endsWith("exit 1 (cpu 0.75s, rss 1.0M)");
            assertThat(server.received).extracting(Request::op).containsExactly(Op.HELLO, Op.STATUS);
            assertThat(server.received.get(0).client()).startsWith("pdctl/");
        }
    }

    @Test
    void errorFrameWithoutIdEndsTheRun() throws Exception {
        Path sock = dir.resolve("full.sock");
        try (ScriptedServer server = new ScriptedServer(sock, r -> List.of(
                Responses.error(null, ErrorCode.TOO_MANY_CONNECTIONS, "too many control connections (limit 1)")))) {
            assertThat(pdctl("-s", sock.toString(), "status")).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(err()).isEqualTo("pdctl: too many control connections (limit 1)\n");
            assertThat(server.received).isNotEmpty();
        }
    }

    @Test
    void connectionClosedMidRequestExits69() throws Exception {
        Path sock = dir.resolve("close.sock");
        try (ScriptedServer server = new ScriptedServer(sock, r -> r.op() == Op.HELLO
                ? List.of(Responses.hello(r.id(), "pdsupd/test")) : null)) {
            assertThat(pdctl("-s", sock.toString(), "version")).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(err()).contains("pdsupd closed the connection");
            assertThat(server.received).extracting(Request::op).containsExactly(Op.HELLO, Op.VERSION);
        }
    }

    @Test
    void unsupportedVersionIsReported() throws Exception {
        Path sock = dir.resolve("v2.sock");
        try (ScriptedServer server = new ScriptedServer(sock, r -> List.of(Responses.error(r.id(),
                ErrorCode.UNSUPPORTED_VERSION, "protocol version 1 is not supported (this server speaks 2)")))) {
            assertThat(pdctl("-s", sock.toString(), "status")).isEqualTo(ExitCodes.ERROR);
            assertThat(err()).contains("protocol version 1 is not supported");
            assertThat(server.failure).isNull();
        }
    }
}
