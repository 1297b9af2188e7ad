package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.daemon.supervisor.RunSummary;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.daemon.supervisor.SupervisorEvent;
import org.pdsup.protocol.Responses;

/**
 * Followers of a stream are served on their own event loop (issue 20: fifty {@code events -f} followers of a
 * crash-loop storm held an admin's {@code status} for seconds), and every follower's event frame is the same
 * bytes the encoder writes for it, though the event is encoded once for all of them.
 */
@Timeout(60)
class FollowersLoopTest {
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
    void anAdminIsAnsweredWhileTheFollowersLoopIsHeld() throws Exception {
        try (TestClient follower = fx.client(); TestClient admin = fx.client()) {
            CountDownLatch release = followAndHoldTheFollowersLoop(follower);
            try {
                fx.backend.setState("web", ServiceState.RUNNING);
                // on one shared loop this status waits for the held follower work: no answer, the read fails
                Map<String, Object> r = admin.call("{\"op\":\"status\",\"id\":2,\"services\":[\"web\"]}");
                assertThat(r).containsEntry("id", 2L).containsEntry("ok", true);
                assertThat(follower.readOrNull(200)).as("the follower's frame waits for its loop").isNull();
            } finally {
                release.countDown();
            }
            Map<String, Object> f = follower.read();
            assertThat(ControlServerTest.asMap(f.get("event"))).containsEntry("service", "web")
                    .containsEntry("to", "running");
        }
    }

    @Test
    void aFollowerThatSentMoreRequestsBehindItsStreamGetsThemAnsweredInOrder() throws Exception {
        try (TestClient c = fx.client()) {
            // one write: the connection moves to the followers' loop between the two requests
            c.send(("{\"op\":\"events\",\"id\":1,\"history\":false,\"follow\":true}\n"
                    + "{\"op\":\"status\",\"id\":2,\"services\":[\"db\"]}\n").getBytes(StandardCharsets.UTF_8));
            assertThat(c.read()).containsEntry("id", 1L).containsEntry("streaming", true);
            assertThat(c.read()).containsEntry("id", 2L).containsEntry("ok", true);
            fx.backend.setState("db", ServiceState.RUNNING);
            assertThat(ControlServerTest.asMap(c.read().get("event"))).containsEntry("service", "db");
            // a second stream on the moved connection, and a request after it
            assertThat(c.call("{\"op\":\"events\",\"id\":3,\"history\":false,\"follow\":true}"))
                    .containsEntry("id", 3L).containsEntry("streaming", true);
            assertThat(c.call("{\"op\":\"pid\",\"id\":4,\"service\":\"db\"}")).containsEntry("id", 4L);
        }
    }

    @Test
    void anActionsAnswerComesAfterTheEventsItCausedOnTheSameConnection() throws Exception {
        try (TestClient c = fx.client()) {
            // what pdctl stop does: follow the services' events, send the action, stop reading at its answer
            assertThat(c.call("{\"op\":\"events\",\"id\":1,\"history\":false,\"follow\":true,\"services\":[\"web\"]}"))
                    .containsEntry("streaming", true);
            for (int round = 0; round < 20; round++) {
                String to = round % 2 == 0 ? "start" : "stop";
                c.sendLine("{\"op\":\"" + to + "\",\"id\":" + (10 + round) + ",\"services\":[\"web\"]}");
                // the transition's event was offered before the action completed: it is read before the answer
                Map<String, Object> first = c.read();
                assertThat(first).as("round %d: the event before the answer", round).containsKey("event");
                assertThat(c.read()).containsEntry("id", (long) (10 + round)).containsEntry("ok", true);
            }
        }
    }

    @Test
    void aSharedEventFrameIsTheEncodersFrame() {
        RunSummary exit = new RunSummary(4242, Instant.parse("2026-12-07T02:59:00Z"), Instant.parse("2026-12-07T03:00:00Z"),
                "exit 3", 3, null, false, 0.25, 0.5, 4096);
        SupervisorEvent e = new SupervisorEvent(77, Instant.parse("2026-12-07T03:00:01.123Z"), "web \"q\"\n",
                ServiceState.RUNNING, ServiceState.BACKOFF, "exit 3 \u00e9\u2028", 4242, exit);
        SupervisorEvent bare = new SupervisorEvent(78, Instant.parse("2026-12-07T03:00:02Z"), "db",
                null, ServiceState.STARTING, null, 0, null);
        for (SupervisorEvent ev : new SupervisorEvent[] {e, bare}) {
            for (long id : new long[] {0, 9, 1L << 40}) {
                ByteBuf expected = Unpooled.buffer();
                FrameEncoder.encodeTo(Responses.event(id, WireMapper.event(ev)), expected);
                ByteBuf shared = Unpooled.buffer();
                new SharedEvent(ev).writeFrame(SharedEvent.framePrefix(id), shared);
                assertThat(shared.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString(StandardCharsets.UTF_8));
            }
        }
        SharedEvent.Sharing sharing = new SharedEvent.Sharing();
        assertThat(sharing.of(e)).as("one wrapper for the followers of one event").isSameAs(sharing.of(e));
        assertThat(sharing.of(bare)).isNotSameAs(sharing.of(e));
    }

    /**
     * A live re-exec closes every follower's socket at the exec, so {@link ControlServer#drain()} may return only
     * once each stream's {@code restarting} end frame is in its socket: a follower ({@code pdctl events -f}) must
     * be told, or it cannot tell a re-exec from a crash. Draining only the loops that answer requests let the exec
     * close a follower before its end frame went out (seen as an empty stream).
     */
    @Test
    void drainReturnsOnlyOnceEveryFollowerHasItsRestartingEndFrame() throws Exception {
        try (TestClient follower = fx.client()) {
            // the followers' loop is busy (a storm's frames) when the re-exec begins
            CountDownLatch release = followAndHoldTheFollowersLoop(follower);
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

    /** {@code follower} follows events; the followers' loop is then held until the returned latch is counted down. */
    private CountDownLatch followAndHoldTheFollowersLoop(TestClient follower) throws Exception {
        follower.sendLine("{\"op\":\"events\",\"id\":1,\"history\":false,\"follow\":true}");
        assertThat(follower.read()).containsEntry("id", 1L).containsEntry("streaming", true);
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
        return release;
    }
}
