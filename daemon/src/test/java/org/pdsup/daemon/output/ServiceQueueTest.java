package org.pdsup.daemon.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ServiceQueueTest {
    private final AtomicLong dropped = new AtomicLong();
    private final List<ServiceQueue> scheduled = new ArrayList<>();

    private static byte[] bytes(int n) {
        return new byte[n];
    }

    @Test
    void dropsWhatDoesNotFitAndCountsItOnTheNextChunkOfThatStream() {
        ServiceQueue q = new ServiceQueue(1000, new MemoryBudget(1 << 20), dropped, scheduled::add);
        assertThat(q.offer(StreamKind.STDOUT, bytes(600), 600, LineTail.NEWLINE, 1)).isTrue();
        assertThat(q.offer(StreamKind.STDOUT, bytes(600), 600, LineTail.NEWLINE, 2)).isFalse();
        assertThat(q.offer(StreamKind.STDERR, bytes(500), 500, LineTail.NEWLINE, 3)).isFalse();
        assertThat(dropped.get()).isEqualTo(1100);
        assertThat(scheduled).hasSize(1);

        List<QueueEntry> batch = q.takeBatch();
        batch.forEach(q::release);
        assertThat(q.used()).isZero();
        assertThat(q.finishBatch()).isFalse();

        assertThat(q.offer(StreamKind.STDERR, bytes(10), 10, LineTail.NEWLINE, 4)).isTrue();
        assertThat(q.offer(StreamKind.STDOUT, bytes(10), 10, LineTail.NEWLINE, 5)).isTrue();
        batch = q.takeBatch();
        assertThat(((Chunk) batch.get(0)).droppedBefore()).isEqualTo(500);
        assertThat(((Chunk) batch.get(1)).droppedBefore()).isEqualTo(600);
        assertThat(scheduled).hasSize(2);
    }

    @Test
    void oneChunkLargerThanTheBufferGetsThroughWhenNothingIsHeld() {
        ServiceQueue q = new ServiceQueue(100, new MemoryBudget(1 << 20), dropped, scheduled::add);
        assertThat(q.offer(StreamKind.STDOUT, bytes(5000), 5000, LineTail.NEWLINE, 1)).isTrue();
        assertThat(q.offer(StreamKind.STDOUT, bytes(1), 1, LineTail.NEWLINE, 1)).isFalse();
        assertThat(q.highWater()).isEqualTo(5000 + Chunk.OVERHEAD);
    }

    @Test
    void theGlobalBudgetBoundsAllServicesTogether() {
        MemoryBudget budget = new MemoryBudget(3000);
        ServiceQueue a = new ServiceQueue(10_000, budget, dropped, scheduled::add);
        ServiceQueue b = new ServiceQueue(10_000, budget, dropped, scheduled::add);
        assertThat(a.offer(StreamKind.STDOUT, bytes(2000), 2000, LineTail.NEWLINE, 1)).isTrue();
        assertThat(b.offer(StreamKind.STDOUT, bytes(2000), 2000, LineTail.NEWLINE, 1)).as("empty, but over the total").isFalse();
        a.takeBatch().forEach(a::release);
        assertThat(b.offer(StreamKind.STDOUT, bytes(2000), 2000, LineTail.NEWLINE, 1)).isTrue();
        assertThat(budget.highWater()).isLessThanOrEqualTo(3000);
    }

    @Test
    void controlEntriesAreNeverDropped() {
        ServiceQueue q = new ServiceQueue(10, new MemoryBudget(1000), dropped, scheduled::add);
        q.offer(StreamKind.STDOUT, bytes(50), 50, LineTail.NEWLINE, 1);
        q.control(new QueueEntry.Barrier(() -> { }));
        q.flushDropNotice(StreamKind.STDOUT, 2);
        assertThat(q.takeBatch()).hasSize(2);
        assertThat(q.offer(StreamKind.STDOUT, bytes(50), 50, LineTail.NEWLINE, 1)).isFalse();
        q.flushDropNotice(StreamKind.STDOUT, 2);
        List<QueueEntry> batch = q.takeBatch();
        assertThat(batch).hasSize(1);
        assertThat(((Chunk) batch.get(0)).droppedBefore()).isEqualTo(50);
        assertThat(((Chunk) batch.get(0)).length()).isZero();
    }
}
