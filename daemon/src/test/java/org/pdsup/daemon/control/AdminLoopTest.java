package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admins' connections are served on their own event loop (issue 20: fifty readers polling {@code status} of
 * 500 services kept an admin's {@code status} unanswered for seconds). Each test holds one loop with a latch
 * and shows the other kind of client is still answered.
 */
@Timeout(120)
class AdminLoopTest {
    @TempDir
    Path dir;
    ServerFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    @Test
    void anAdminIsAnsweredWhileTheRequestsLoopIsHeld() throws Exception {
        fx = ServerFixture.start(dir);
        Held held = Held.hold(fx.server.requestsLoop());
        try (TestClient admin = fx.client()) {
            // root is an admin; on the requests' loop this connection would not even be admitted until release
            Map<String, Object> r = admin.call("{\"op\":\"status\",\"id\":1,\"services\":[\"web\"]}");
            assertThat(r).containsEntry("id", 1L).containsEntry("ok", true);
            assertThat(fx.server.connections()).isEqualTo(1);
        } finally {
            held.close();
        }
        try (TestClient admin = fx.client()) {
            assertThat(admin.call("{\"op\":\"pid\",\"id\":2,\"service\":\"web\"}")).containsEntry("id", 2L);
        }
    }

    @Test
    void aReaderIsServedOnTheRequestsLoopAndAnAdminBesideItIsNot() throws Exception {
        assumeTrue(NobodyClient.possible() && Files.isExecutable(Path.of("/usr/bin/socat")),
                "needs root, /usr/bin/setpriv and socat to connect as nobody");
        new NobodyClient(dir); // opens up dir for nobody
        fx = ServerFixture.start(dir, ServerFixture.settings(dir).withSocketFile(0666, null, null)
                .withRoles(Set.of(), Set.of(), Set.of("nobody"), Set.of()));
        Process reader = new ProcessBuilder("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "/usr/bin/socat", "-", "UNIX-CONNECT:" + fx.socket).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (Writer toReader = new OutputStreamWriter(reader.getOutputStream(), StandardCharsets.UTF_8);
             BufferedReader fromReader = new BufferedReader(new InputStreamReader(reader.getInputStream(),
                     StandardCharsets.UTF_8));
             TestClient admin = fx.client()) {
            toReader.write("{\"op\":\"status\",\"id\":1,\"services\":[\"web\"]}\n");
            toReader.flush();
            assertThat(fromReader.readLine()).contains("\"id\":1").contains("\"ok\":true");
            assertThat(admin.call("{\"op\":\"pid\",\"id\":1,\"service\":\"web\"}")).containsEntry("id", 1L);
            Map<String, EventLoop> loops = new HashMap<>();
            for (Channel ch : fx.server.openChannels()) loops.put(ConnectionState.of(ch).peer.user(), ch.eventLoop());
            assertThat(loops).containsEntry("nobody", fx.server.requestsLoop())
                    .containsEntry("root", fx.server.adminLoop());
            assertThat(fx.server.requestsLoop()).isNotSameAs(fx.server.adminLoop());
        } finally {
            reader.destroy();
            reader.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Keeps an event loop busy until closed. */
    private static final class Held implements AutoCloseable {
        private final CountDownLatch release = new CountDownLatch(1);

        static Held hold(EventLoop loop) throws InterruptedException {
            Held h = new Held();
            CountDownLatch held = new CountDownLatch(1);
            loop.execute(() -> {
                held.countDown();
                try {
                    h.release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            return h;
        }

        @Override
        public void close() {
            release.countDown();
        }
    }
}
