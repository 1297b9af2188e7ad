package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The socket file (live, stale, foreign), its mode and group, and the connection and idle limits. */
@Timeout(60)
class ControlServerLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void setsTheModeAndGroupAndRemovesTheSocketOnStop() throws Exception {
        ControlServerSettings s = ServerFixture.settings(dir).withSocketFile(0640, null, "nogroup");
        try (ServerFixture fx = ServerFixture.start(dir, s)) {
            PosixFileAttributes a = Files.readAttributes(fx.socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            assertThat(PosixFilePermissions.toString(a.permissions())).isEqualTo("rw-r-----");
            assertThat(a.group().getName()).isEqualTo("nogroup");
            assertThat(a.isOther()).isTrue();
        }
        assertThat(dir.resolve("pdsupd.sock")).doesNotExist();
    }

    @Test
    void unknownGroupIsAClearStartError() {
        ControlServerSettings s = ServerFixture.settings(dir).withSocketFile(0660, null, "no-such-group-here");
        ControlServer server = new ControlServer(s, new TestBackend("a"), new RecordingMetrics(), null);
        assertThatThrownBy(server::start).isInstanceOf(ControlServerException.class)
                .hasMessage("cannot set group 'no-such-group-here' on " + s.socket() + ": no such group");
        assertThat(s.socket()).doesNotExist();
    }

    @Test
    void refusesToStartWhileAnotherDaemonAnswers() throws Exception {
        try (ServerFixture first = ServerFixture.start(dir)) {
            ControlServer second = new ControlServer(ServerFixture.settings(dir), new TestBackend("a"), new RecordingMetrics(), null);
            assertThatThrownBy(second::start).isInstanceOf(ControlServerException.class)
                    .hasMessage("another pdsupd is listening on " + first.socket);
            try (TestClient c = first.client()) {
                assertThat(c.call("{\"op\":\"version\",\"id\":1}")).containsEntry("ok", true);
            }
        }
    }

    @Test
    void replacesAStaleSocket() throws Exception {
        Path sock = dir.resolve("pdsupd.sock");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(sock));
        }
        assertThat(sock).exists();
        try (ServerFixture fx = ServerFixture.start(dir); TestClient c = fx.client()) {
            assertThat(c.call("{\"op\":\"version\",\"id\":1}")).containsEntry("ok", true);
        }
    }

    @Test
    void refusesToReplaceSomethingThatIsNotASocket() throws Exception {
        Path sock = dir.resolve("pdsupd.sock");
        Files.writeString(sock, "precious");
        ControlServer server = new ControlServer(ServerFixture.settings(dir), new TestBackend("a"), new RecordingMetrics(), null);
        assertThatThrownBy(server::start).isInstanceOf(ControlServerException.class)
                .hasMessageContaining("exists and is not a socket");
        assertThat(Files.readString(sock)).isEqualTo("precious");
    }

    @Test
    void missingDirectoryIsAClearStartError() {
        ControlServerSettings s = ControlServerSettings.defaults(dir.resolve("nope/pdsupd.sock"));
        ControlServer server = new ControlServer(s, new TestBackend("a"), new RecordingMetrics(), null);
        assertThatThrownBy(server::start).isInstanceOf(ControlServerException.class)
                .hasMessageContaining("directory " + dir.resolve("nope") + " does not exist");
    }

    @Test
    void connectionsOverTheLimitGetAnErrorAndAreClosed() throws Exception {
        ControlServerSettings s = ServerFixture.settings(dir).withLimits(64 * 1024, 3, Duration.ofMinutes(5), 16);
        try (ServerFixture fx = ServerFixture.start(dir, s)) {
            List<TestClient> open = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                TestClient c = fx.client();
                open.add(c);
                assertThat(c.call("{\"op\":\"version\",\"id\":1}")).containsEntry("ok", true);
            }
            try (TestClient extra = fx.client()) {
                Map<String, Object> r = extra.read();
                assertThat(ControlServerTest.asMap(r.get("error"))).containsEntry("code", "too_many_connections");
                assertThat(extra.awaitClose(5000)).isTrue();
            }
            open.remove(0).close();
            long deadline = System.currentTimeMillis() + 5000;
            while (fx.server.connections() > 2 && System.currentTimeMillis() < deadline) Thread.sleep(5);
            try (TestClient again = fx.client()) {
                assertThat(again.call("{\"op\":\"version\",\"id\":1}")).containsEntry("ok", true);
            }
            for (TestClient c : open) c.close();
            assertThat(fx.metrics.requests).contains("connect:too_many_connections");
        }
    }

    @Test
    void idleConnectionsAreClosedButNotWhileStreaming() throws Exception {
        ControlServerSettings s = ServerFixture.settings(dir).withLimits(64 * 1024, 16, Duration.ofMillis(300), 16);
        try (ServerFixture fx = ServerFixture.start(dir, s); TestClient idle = fx.client(); TestClient streaming = fx.client()) {
            streaming.sendLine("{\"op\":\"events\",\"id\":1,\"follow\":true,\"history\":false}");
            assertThat(streaming.read()).containsEntry("streaming", true);
            assertThat(idle.call("{\"op\":\"version\",\"id\":1}")).containsEntry("ok", true);
            Map<String, Object> bye = idle.read();
            assertThat(ControlServerTest.asMap(bye.get("error"))).containsEntry("code", "timeout");
            assertThat(idle.awaitClose(5000)).isTrue();
            // four idle periods later the stream is still open and delivers
            assertThat(streaming.readOrNull(1200)).isNull();
            fx.backend.setState("web", org.pdsup.daemon.supervisor.ServiceState.RUNNING);
            assertThat(streaming.read()).containsKey("event");
        }
    }

    @Test
    void aShutdownThatStopsTheServerOnItsOwnThreadDoesNotDeadlock() throws Exception {
        ControlServer[] server = new ControlServer[1];
        TestBackend backend = new TestBackend("web") {
            @Override
            public java.util.concurrent.CompletableFuture<Void> shutdown() {
                server[0].stop(); // runs on the control thread: the answer's write listener calls shutdown()
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }
        };
        server[0] = new ControlServer(ServerFixture.settings(dir), backend, new RecordingMetrics(), null);
        server[0].start();
        try (TestClient c = TestClient.connect(dir.resolve("pdsupd.sock"))) {
            assertThat(c.call("{\"op\":\"shutdown\",\"id\":1}")).containsEntry("ok", true);
            assertThat(c.awaitClose(10_000)).isTrue();
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (Files.exists(dir.resolve("pdsupd.sock")) && System.currentTimeMillis() < deadline) Thread.sleep(10);
        assertThat(dir.resolve("pdsupd.sock")).doesNotExist();
        backend.close();
    }
}
