package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.config.ControlLimits;

/**
 * Issue 15 defects 1 and 5 at the level of the control server: a client that never reads its logs is held to
 * the connection's byte budget and then cut off (the old relay queued the whole backlog, 10,000 lines of 16 KiB
 * per request, and ran pdsupd out of memory); a request line trickled a byte at a time is cut off at the
 * frame deadline (the old idle timer was reset by every byte).
 */
@Timeout(120)
class ByteBoundsTest {
    private static final String LINE = "x".repeat(16 * 1024 - 1);

    @TempDir
    Path dir;

    @Test
    void aLogReaderThatNeverReadsIsHeldToItsBufferThenCutOff() throws Exception {
        // old code: the relay queued 1024 + 10,000 lines of 16 KiB per stream and never cut anyone off
        CountDownLatch firstStopped = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        AtomicInteger offered = new AtomicInteger();
        try (ServerFixture fx = ServerFixture.start(dir); TestClient c = fx.client()) {
            fx.backend.logSource = (service, lines, follow, sink) -> {
                AtomicBoolean closed = new AtomicBoolean();
                started.incrementAndGet();
                // lines without end on another thread, as output capture delivers a backlog and then live lines;
                // it stops when the stream is closed
                Thread producer = new Thread(() -> {
                    while (!closed.get()) {
                        sink.line("stdout", LINE);
                        offered.incrementAndGet();
                    }
                });
                producer.start();
                return () -> {
                    if (closed.compareAndSet(false, true)) {
                        stopped.incrementAndGet();
                        firstStopped.countDown();
                    }
                };
            };
            // the later requests are read only while the connection is writable: maybe never
            for (int i = 1; i <= 4; i++) {
                c.sendLine("{\"op\":\"logs\",\"id\":" + i + ",\"service\":\"web\",\"lines\":10000,\"follow\":true}");
            }
            firstStopped.await();
            // the server has closed the connection: reading now only empties the socket
            assertThat(c.awaitClose(TestClient.TIMEOUT_MS)).as("the reader was cut off").isTrue();
            try (TestClient other = fx.client()) {
                // answered after the control thread has handled the close
                assertThat(other.call("{\"op\":\"version\",\"id\":1}")).containsEntry("ok", true);
            }
            long limit = ControlLimits.DEFAULTS.connectionBufferBytes();
            System.out.println("ByteBoundsTest: " + started.get() + " streams, " + offered.get()
                    + " lines offered; at most " + fx.server.bufferHighWaterBytes() + " bytes held (limit " + limit
                    + " queued + " + limit + " unsent)");
            assertThat(stopped.get()).as("every producer was stopped").isEqualTo(started.get());
            assertThat(fx.server.bufferHighWaterBytes()).isLessThanOrEqualTo(2 * limit);
            // what the cut-off connection held is given back (the other client's answer may still be counted)
            assertThat(fx.server.bufferedBytes()).isLessThan(64 * 1024);
        }
    }

    @Test
    void aReaderThatKeepsUpGetsEveryLine() throws Exception {
        try (ServerFixture fx = ServerFixture.start(dir); TestClient c = fx.client()) {
            fx.backend.logSource = (service, lines, follow, sink) -> {
                for (int i = 0; i < lines; i++) sink.line("stdout", "line " + i);
                sink.end();
                return () -> { };
            };
            c.sendLine("{\"op\":\"logs\",\"id\":1,\"service\":\"web\",\"lines\":5000}");
            assertThat(c.read()).containsEntry("streaming", true);
            for (int i = 0; i < 5000; i++) assertThat(c.read()).containsEntry("line", "line " + i);
            assertThat(c.read()).containsEntry("end", true);
        }
    }

    @Test
    void aRequestLineTrickledAByteAtATimeIsCutOffAtTheFrameDeadline() throws Exception {
        ControlServerSettings s = ServerFixture.settings(dir).withControlLimits(
                new ControlLimits(16, 32, Duration.ofMillis(500), 2 << 20, 32 << 20));
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (ServerFixture fx = ServerFixture.start(dir, s); TestClient c = fx.client(); TestClient silent = fx.client()) {
            c.send("{\"op\"".getBytes());
            trickle.scheduleAtFixedRate(() -> {
                try {
                    c.send(" ".getBytes());
                } catch (Exception e) {
                    // closed by the server: what the test waits for
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            Map<String, Object> f = c.read();
            assertThat(ControlServerTest.asMap(f.get("error"))).containsEntry("code", "timeout")
                    .containsEntry("message", "no complete request line within 500 ms; closing the connection");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
            assertThat(c.awaitClose(TestClient.TIMEOUT_MS)).isTrue();
            // a connection that never sends a complete frame goes the same way
            assertThat(ControlServerTest.asMap(silent.read().get("error"))).containsEntry("code", "timeout");
            assertThat(silent.awaitClose(TestClient.TIMEOUT_MS)).isTrue();
            // one that does is served, and the idle timeout (5 min here) applies after its request
            try (TestClient ok = fx.client()) {
                assertThat(ok.call("{\"op\":\"version\",\"id\":1}")).containsEntry("ok", true);
                assertThat(ok.readOrNull(1000)).isNull();
            }
        } finally {
            trickle.shutdownNow();
        }
    }
}
