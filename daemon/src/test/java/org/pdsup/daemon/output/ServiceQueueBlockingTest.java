package org.pdsup.daemon.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code overflow = block} at the queue: reservations, pausing, resuming, the global bound, max-stall. */
class ServiceQueueBlockingTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final AtomicLong dropped = new AtomicLong();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private ServiceQueue queue(long limit, MemoryBudget budget, long maxStallMillis) {
        ServiceQueue q = new ServiceQueue("svc", limit, budget, dropped, x -> { }, timer);
        q.setOverflow(true, maxStallMillis);
        return q;
    }

    /** Reserves {@code n}, then offers one chunk of {@code n - OVERHEAD} bytes against the reservation. */
    private static void read(ServiceQueue q, long n) {
        ServiceQueue.Credit c = new ServiceQueue.Credit();
        c.left = q.admit(n, () -> { throw new AssertionError("not paused"); });
        assertThat(c.left).isEqualTo(n);
        assertThat(q.offer(StreamKind.STDOUT, new byte[(int) n - Chunk.OVERHEAD], (int) n - Chunk.OVERHEAD,
                LineTail.NEWLINE, 1, c)).isTrue();
        q.refund(c);
    }

    @Test
    void aFullBufferPausesTheReaderAndHalfEmptyResumesIt() throws Exception {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        ServiceQueue q = queue(1000, budget, 60_000);
        read(q, 400);
        read(q, 400);
        CountDownLatch resumed = new CountDownLatch(1);
        assertThat(q.admit(400, resumed::countDown)).isEqualTo(ServiceQueue.PAUSE);
        List<QueueEntry> batch = q.takeBatch();
        q.release(batch.get(0));
        assertThat(resumed.await(30, TimeUnit.SECONDS)).as("resumed at half").isTrue();
        assertThat(dropped.get()).isZero();
        assertThat(q.highWater()).isLessThanOrEqualTo(1000);
    }

    @Test
    void theGlobalBudgetIsNeverExceededAndItsReleaseResumesAnotherService() throws Exception {
        MemoryBudget budget = new MemoryBudget(1000);
        ServiceQueue a = queue(10_000, budget, 60_000);
        ServiceQueue b = queue(10_000, budget, 60_000);
        read(a, 900);
        CountDownLatch resumed = new CountDownLatch(1);
        assertThat(b.admit(200, resumed::countDown)).as("b holds nothing, but the total is full").isEqualTo(ServiceQueue.PAUSE);
        a.takeBatch().forEach(a::release);
        assertThat(resumed.await(30, TimeUnit.SECONDS)).isTrue();
        read(b, 200);
        assertThat(budget.highWater()).isLessThanOrEqualTo(1000);
        assertThat(dropped.get()).isZero();
    }

    @Test
    void pastMaxStallTheQueueDropsUntilTheWriterCatchesUp() throws Exception {
        ServiceQueue q = queue(1000, new MemoryBudget(1 << 20), 50);
        read(q, 900);
        CountDownLatch resumed = new CountDownLatch(1);
        assertThat(q.admit(400, resumed::countDown)).isEqualTo(ServiceQueue.PAUSE);
        assertThat(resumed.await(30, TimeUnit.SECONDS)).as("resumed by max-stall, nothing written").isTrue();
        assertThat(q.overflowing()).isTrue();
        assertThat(q.admit(400, () -> { })).isEqualTo(ServiceQueue.DROP);
        assertThat(q.offer(StreamKind.STDOUT, new byte[300], 300, LineTail.NEWLINE, 1)).isFalse();
        assertThat(dropped.get()).isEqualTo(300);
        q.takeBatch().forEach(q::release);
        assertThat(q.overflowing()).as("caught up").isFalse();
        assertThat(q.admit(400, () -> { })).isEqualTo(400);
    }

    /** A little held, but too little room for the next read: max-stall must still switch to dropping. */
    @Test
    void aStallWithLittleHeldButNoRoomForTheReadStillEndsInDropping() throws Exception {
        ServiceQueue q = queue(1000, new MemoryBudget(1 << 20), 50);
        read(q, 100);
        CountDownLatch resumed = new CountDownLatch(1);
        assertThat(q.admit(950, resumed::countDown)).isEqualTo(ServiceQueue.PAUSE);
        assertThat(resumed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(q.overflowing()).as("dropping, not paused again").isTrue();
        assertThat(q.admit(950, () -> { })).isEqualTo(ServiceQueue.DROP);
    }

    @Test
    void switchingToDropResumesWaitingReaders() throws Exception {
        ServiceQueue q = queue(1000, new MemoryBudget(1 << 20), 60_000);
        read(q, 900);
        CountDownLatch resumed = new CountDownLatch(1);
        assertThat(q.admit(400, resumed::countDown)).isEqualTo(ServiceQueue.PAUSE);
        q.setOverflow(false, 60_000);
        assertThat(resumed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(q.admit(400, () -> { })).isEqualTo(ServiceQueue.DROP);
    }
}
