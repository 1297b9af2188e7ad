package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ExecHelper;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.Fds;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.SpawnSpec;

/**
 * What a malformed request does to the fork server ({@code pdsup-forkserver.c}). Only pdsupd holds the server's
 * socket (a socket pair, no path), so this is about a bug or a corrupted stream, not an attacker: a request the
 * server cannot use is answered with EPROTO and clones nothing, and a stream it cannot follow ends the server
 * (exit 1), never a child. Each test starts its own server through the helper's hand-off, as {@link ForkServer}
 * does, and writes raw bytes on the socket.
 */
class ForkServerHostileTest {
    private static final int MAGIC = 0x50444653;
    private ProcessDescriptor server;
    private int socket = -1;

    @BeforeEach
    void startServer() throws Exception {
        int[] pair = LinuxSpawner.socketPair();
        Path helper = ExecHelper.locate();
        try {
            server = LinuxProcessDescriptors.withMode(SpawnMode.HELPER_FORK).spawn(SpawnSpec.builder(helper,
                    List.of(helper.toString(), "-Z", "3", "-V", Integer.toString(ExecHelper.PROTOCOL_VERSION)))
                    .stdin(Redirect.devNull()).stdout(Redirect.devNull()).stderr(Redirect.devNull())
                    .passFd(3, pair[1]).build());
        } finally {
            Fds.close(pair[1]);
        }
        socket = pair[0];
    }

    @AfterEach
    void stopServer() {
        if (socket >= 0) Fds.close(socket);
        if (server != null) server.close();
    }

    @Test
    void requestsItCannotUseAreRefusedAndCloneNothing() throws Exception {
        Set<Integer> before = Set.copyOf(OrphanReaper.children());
        // argv too short, argv not starting with the handshake, a slot out of range, fewer descriptors than said,
        // strings running past the body
        assertThat(exchange(request(0, List.of("x", "y"), List.of(), new int[0]))).as("argc < 3").isEqualTo(
                LinuxConstants.EPROTO);
        assertThat(exchange(request(0, List.of("a", "-X", "1"), List.of(), new int[0]))).as("no -S").isEqualTo(
                LinuxConstants.EPROTO);
        assertThat(exchange(request(1, List.of("a", "-S", "3"), List.of(), new int[] {70_000})))
                .as("one descriptor said, none sent").isEqualTo(LinuxConstants.EPROTO);
        byte[] unterminated = header(5, 0, 3, 0, 0);
        byte[] body = "ab\0cd".getBytes(StandardCharsets.UTF_8); // 2 strings where 3 are said
        assertThat(exchange(concat(unterminated, body))).as("strings past the body").isEqualTo(LinuxConstants.EPROTO);
        assertThat(server.isAlive()).as("the server goes on after each").isTrue();
        assertThat(OrphanReaper.children()).as("no child was cloned").containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aWrongMagicEndsTheServer() throws Exception {
        byte[] bad = header(0, 0, 3, 0, 0);
        bad[0] ^= 0x55;
        write(bad);
        ExitStatus s = server.waitFor();
        assertThat(s.code()).isEqualTo(1);
    }

    @Test
    void anOversizedBodyEndsTheServerWithoutReadingIt() throws Exception {
        write(header(64 << 20, 0, 3, 0, 0)); // 64 MiB said, more than the server's 8 MiB bound
        assertThat(server.waitFor().code()).isEqualTo(1);
    }

    @Test
    void aTruncatedRequestThenEndOfFileEndsTheServerCleanly() throws Exception {
        write(header(100, 0, 3, 0, 0));
        write("abc".getBytes(StandardCharsets.UTF_8));
        Fds.close(socket);
        socket = -1;
        assertThat(server.waitFor().code()).as("a broken stream").isEqualTo(1);
    }

    @Test
    void endOfFileAloneIsAnOrderlyEnd() throws Exception {
        Fds.close(socket);
        socket = -1;
        assertThat(server.waitFor().code()).isZero();
    }

    private int exchange(byte[] request) {
        write(request);
        DescriptorReceiver.Message m = DescriptorReceiver.receive(socket, 2);
        assertThat(m).as("a reply").isNotNull();
        assertThat(m.fd()).as("no pidfd with a refusal").isNegative();
        assertThat(m.payload()[0]).as("no pid with a refusal").isEqualTo(-1);
        return m.payload()[1];
    }

    private void write(byte[] b) {
        assertThat(Fds.write(socket, b, 0, b.length)).isEqualTo(b.length);
    }

    private static byte[] request(int nfds, List<String> argv, List<String> env, int[] targets) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer t = ByteBuffer.allocate(4 * targets.length).order(ByteOrder.nativeOrder());
        for (int x : targets) t.putInt(x);
        body.writeBytes(t.array());
        for (String s : argv) {
            body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        for (String s : env) {
            body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        byte[] b = body.toByteArray();
        return concat(header(b.length, nfds, argv.size(), env.size(), 0), b);
    }

    private static byte[] header(int bodyLength, int nfds, int argc, int envc, int hasDir) {
        return ByteBuffer.allocate(24).order(ByteOrder.nativeOrder()).putInt(MAGIC).putInt(bodyLength).putInt(nfds)
                .putInt(argc).putInt(envc).putInt(hasDir).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
