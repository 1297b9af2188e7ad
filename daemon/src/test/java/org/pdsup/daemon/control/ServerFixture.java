package org.pdsup.daemon.control;

import java.nio.file.Path;
import java.time.Duration;

/** A started control server on a temporary socket, over a {@link TestBackend}. */
final class ServerFixture implements AutoCloseable {
    final Path socket;
    final TestBackend backend;
    final RecordingMetrics metrics = new RecordingMetrics();
    final ControlServer server;

    ServerFixture(Path dir, ControlServerSettings settings, TestBackend backend) throws ControlServerException {
        this(settings, backend, null);
    }

    ServerFixture(ControlServerSettings settings, TestBackend backend, org.pdsup.procdesc.Accounts accounts)
            throws ControlServerException {
        this.socket = settings.socket();
        this.backend = backend;
        this.server = new ControlServer(settings, backend, metrics, accounts);
        server.start();
    }

    /** Defaults with room for many connections; services web, db, worker-1, worker-2. */
    static ServerFixture start(Path dir) throws ControlServerException {
        return start(dir, settings(dir));
    }

    static ServerFixture start(Path dir, ControlServerSettings settings) throws ControlServerException {
        return new ServerFixture(dir, settings, new TestBackend("web", "db", "worker-1", "worker-2"));
    }

    static ControlServerSettings settings(Path dir) {
        return ControlServerSettings.defaults(dir.resolve("pdsupd.sock"))
                .withLimits(64 * 1024, 256, Duration.ofMinutes(5), 1024);
    }

    TestClient client() throws java.io.IOException {
        return TestClient.connect(socket);
    }

    @Override
    public void close() {
        server.stop();
        backend.close();
    }
}
