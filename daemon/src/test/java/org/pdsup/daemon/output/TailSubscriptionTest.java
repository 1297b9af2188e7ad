package org.pdsup.daemon.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TailSubscriptionTest {
    private final ExecutorService delivery = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        delivery.shutdownNow();
    }

    /** Records what the consumer got; blocks in line() until released, to act as a slow consumer. */
    static final class Recorder implements OutputCapture.LogSink {
        final List<String> got = new ArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicInteger ends = new AtomicInteger();
        final CountDownLatch firstLine = new CountDownLatch(1);
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void line(String stream, String text) {
            firstLine.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (got) {
                got.add(stream + ":" + text);
            }
        }

        @Override
        public void dropped(long lines) {
            synchronized (got) {
                got.add("dropped " + lines);
            }
        }

        @Override
        public void end() {
            ends.incrementAndGet();
            ended.countDown();
        }
    }

    private static void offer(TailSubscription s, StreamKind k, String text) {
        byte[] b = ("xx" + text + "yy").getBytes(StandardCharsets.UTF_8);
        s.offer(k, b, 2, b.length - 4);
    }

    @Test
    void aSlowConsumerLosesLinesBeyondTheBoundAndHearsHowMany() throws Exception {
        Recorder r = new Recorder();
        r.gate = new CountDownLatch(1);
        TailSubscription s = new TailSubscription(r, true, delivery, () -> { });
        s.start(null);
        offer(s, StreamKind.STDOUT, "first");
        assertThat(r.firstLine.await(10, TimeUnit.SECONDS)).isTrue();
        int total = TailSubscription.MAX_LINES + 500;
        for (int i = 0; i < total; i++) offer(s, StreamKind.STDERR, "l" + i);
        offer(s, StreamKind.STDOUT, "still too many");
        r.gate.countDown();
        s.finish();
        assertThat(r.ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(r.got.get(0)).isEqualTo("stdout:first");
        assertThat(r.got).hasSize(1 + TailSubscription.MAX_LINES + 1);
        assertThat(r.got.get(TailSubscription.MAX_LINES)).isEqualTo("stderr:l" + (TailSubscription.MAX_LINES - 1));
        assertThat(r.got.get(TailSubscription.MAX_LINES + 1)).isEqualTo("dropped 501");
        assertThat(r.ends.get()).isEqualTo(1);
    }

    @Test
    void closeEndsOnceAndStopsDelivery() throws Exception {
        Recorder r = new Recorder();
        AtomicInteger unregistered = new AtomicInteger();
        TailSubscription s = new TailSubscription(r, true, delivery, unregistered::incrementAndGet);
        s.start(null);
        offer(s, StreamKind.STDOUT, "a");
        s.close();
        s.close();
        offer(s, StreamKind.STDOUT, "after close");
        assertThat(r.ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(r.got).doesNotContain("stdout:after close");
        assertThat(r.ends.get()).isEqualTo(1);
        assertThat(unregistered.get()).isEqualTo(1);
    }

    @Test
    void withoutFollowItEndsAfterTheBacklog() throws Exception {
        Recorder r = new Recorder();
        TailSubscription s = new TailSubscription(r, false, delivery, () -> { });
        s.start(null);
        offer(s, StreamKind.STDOUT, "live line is not wanted");
        assertThat(r.ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(r.got).isEmpty();
    }
}
