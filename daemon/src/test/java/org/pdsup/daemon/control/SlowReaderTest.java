package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client opens an event stream and stops reading while the supervisor publishes 100,000 events: the
 * supervisor thread is never blocked, the stream's queue never holds more than streamBufferEvents, and when the
 * reader resumes it gets every event that was kept plus {@code dropped} notices that account exactly for the
 * rest, at the places where they are missing.
 */
@Timeout(120)
class SlowReaderTest {
    private static final int EVENTS = 100_000;
    private static final int BUFFER = 1024;

    @TempDir
    Path dir;

    @Test
    void slowReaderLosesEventsWithNoticesInsteadOfGrowingTheHeap() throws Exception {
        ControlServerSettings s = ServerFixture.settings(dir).withLimits(64 * 1024, 16, Duration.ofMinutes(5), BUFFER);
        try (ServerFixture fx = ServerFixture.start(dir, s); TestClient slow = fx.client(); TestClient other = fx.client()) {
            slow.sendLine("{\"op\":\"events\",\"id\":1,\"history\":false,\"follow\":true}");
            assertThat(slow.read()).containsEntry("streaming", true);

            fx.backend.flood("web", EVENTS); // returns only when every event went to the sinks

            StreamStatistics during = fx.server.streamStatistics();
            assertThat(during.openStreams()).isEqualTo(1);
            assertThat(during.queuedFrames()).isLessThanOrEqualTo(BUFFER);
            assertThat(during.maxQueuedFrames()).isLessThanOrEqualTo(BUFFER);
            assertThat(during.droppedFrames()).isPositive();
            // the server stays responsive to others meanwhile
            assertThat(other.call("{\"op\":\"version\",\"id\":1}")).containsEntry("ok", true);

            long events = 0;
            long dropped = 0;
            long notices = 0;
            long lastSeq = -1;
            long pendingGap = 0;
            while (events + dropped < EVENTS) {
                Map<String, Object> f = slow.read();
                assertThat(f).containsEntry("id", 1L);
                if (f.containsKey("dropped")) {
                    long k = (Long) f.get("dropped");
                    assertThat(k).isPositive();
                    dropped += k;
                    pendingGap += k;
                    notices++;
                    continue;
                }
                long seq = (Long) ControlServerTest.asMap(f.get("event")).get("seq");
                if (lastSeq >= 0) {
                    assertThat(seq - lastSeq - 1).as("events missing before seq %d", seq).isEqualTo(pendingGap);
                }
                pendingGap = 0;
                lastSeq = seq;
                events++;
            }
            System.out.println("SlowReaderTest: " + events + " events delivered, " + dropped + " dropped in " + notices
                    + " notices; max queue " + fx.server.streamStatistics().maxQueuedFrames());
            assertThat(events + dropped).isEqualTo(EVENTS);
            assertThat(notices).isPositive();
            assertThat(events).isGreaterThanOrEqualTo(BUFFER);
            assertThat(fx.server.streamStatistics().maxQueuedFrames()).isLessThanOrEqualTo(BUFFER);
            // nothing more is pending: the stream is idle and the next event arrives right away
            fx.backend.flood("web", 1);
            Map<String, Object> next = slow.read();
            assertThat(ControlServerTest.asMap(next.get("event")).get("seq")).isEqualTo(lastSeq + pendingGap + 1 + 0L);
        }
    }
}
