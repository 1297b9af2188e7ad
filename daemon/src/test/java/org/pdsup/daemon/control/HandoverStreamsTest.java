package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live re-exec closes every follower's socket at the exec, so {@link ControlServer#drain()} may return only once
 * each stream's {@code restarting} end frame is in its socket: a follower ({@code pdctl events -f}) must be told,
 * or it cannot tell a re-exec from a crash. The followers have their own event loop; draining only the loops
 * that answer requests let the exec close a follower before its end frame went out (seen as an empty stream).
 */
@Timeout(60)
class HandoverStreamsTest {
    @TempDir
    Path dir;
    ServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = ServerFixture.start(dir);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void drainReturnsOnlyOnceEveryFollowerHasItsRestartingEndFrame() throws Exception {
        try (TestClient follower = fx.client()) {
            follower.sendLine("{\"op\":\"events\",\"id\":1,\"history\":false,\"follow\":true}");
            assertThat(follower.read()).containsEntry("id", 1L).containsEntry("streaming", true);
            // the followers' loop is busy (a storm's frames) when the re-exec begins
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            fx.server.followersLoop().execute(() -> {
                held.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            fx.server.beginHandover();
            // what the socket holds the moment drain() returns: the exec would close it right then
            CompletableFuture<Map<String, Object>> atExec = CompletableFuture.supplyAsync(() -> {
                fx.server.drain();
                try {
                    return follower.readOrNull(1);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                Map<String, Object> early = atExec.get(500, TimeUnit.MILLISECONDS);
                throw new AssertionError("drain() returned while the followers' loop was still busy; the socket held "
                        + early);
            } catch (TimeoutException expected) {
                // drain() waits for the followers' loop, as it must
            } finally {
                release.countDown();
            }
            Map<String, Object> end = atExec.get(30, TimeUnit.SECONDS);
            assertThat(end).as("the end frame is in the socket when drain() returns")
                    .containsEntry("id", 1L).containsEntry("end", true).containsEntry("restarting", true)
                    .containsEntry("reason", "restarting");
        }
    }
}
