package org.pdsup.daemon.output;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The bounded hand-over of one service's output from the reading side to the writer thread.
 *
 * <p>{@link #offer} never waits: output that does not fit under the per-service bound ({@code output.buffer})
 * or the global {@link MemoryBudget} is dropped and counted, and the count rides on the next accepted chunk of
 * the same stream so the writer can put a notice line exactly where the gap is. One chunk is always accepted
 * when the service holds nothing, so a chunk larger than a tiny {@code buffer} still gets through; the most a
 * service ever holds is therefore {@code buffer + one chunk} (a chunk is at most one read plus max-line bytes).
 *
 * <p>Control entries (settings, barriers, retirement) are never dropped. The queue schedules itself on the
 * writer when it goes from idle to having work, and the writer takes whole batches.
 */
final class ServiceQueue {
    private final MemoryBudget budget;
    private final AtomicLong dropped;
    private final Consumer<ServiceQueue> scheduler;
    private final ArrayDeque<QueueEntry> entries = new ArrayDeque<>();
    private final long[] pendingDrop = new long[StreamKind.values().length];
    private volatile long limit;
    private long used;
    private long highWater;
    private boolean scheduled;

    /**
     * @param limit     per-service bound in bytes
     * @param dropped   the service's dropped-bytes counter (shared with the writer, which counts write failures)
     * @param scheduler called, outside any lock, when the queue needs the writer
     */
    ServiceQueue(long limit, MemoryBudget budget, AtomicLong dropped, Consumer<ServiceQueue> scheduler) {
        this.limit = limit;
        this.budget = budget;
        this.dropped = dropped;
        this.scheduler = scheduler;
    }

    void setLimit(long limit) {
        this.limit = limit;
    }

    /**
     * Hands {@code data[0..length)} to the writer, or drops it. {@code data} is owned by the queue afterwards.
     *
     * @return true when accepted
     */
    boolean offer(StreamKind stream, byte[] data, int length, LineTail tail, long timeMillis) {
        long charge = (long) data.length + Chunk.OVERHEAD;
        boolean schedule;
        synchronized (this) {
            if ((used > 0 && used + charge > limit) || !budget.tryReserve(charge)) {
                pendingDrop[stream.ordinal()] += length;
                dropped.addAndGet(length);
                return false;
            }
            long before = pendingDrop[stream.ordinal()];
            pendingDrop[stream.ordinal()] = 0;
            entries.add(new Chunk(stream, data, length, tail, timeMillis, before));
            used += charge;
            if (used > highWater) highWater = used;
            schedule = markScheduled();
        }
        if (schedule) scheduler.accept(this);
        return true;
    }

    /**
     * A stream ended or its process exited: if output of it was dropped since its last accepted chunk, queue an
     * empty chunk that carries the count, so the notice is written even though no output follows.
     */
    void flushDropNotice(StreamKind stream, long timeMillis) {
        boolean schedule;
        synchronized (this) {
            long before = pendingDrop[stream.ordinal()];
            if (before == 0) return;
            pendingDrop[stream.ordinal()] = 0;
            entries.add(new Chunk(stream, new byte[0], 0, LineTail.NEWLINE, timeMillis, before));
            schedule = markScheduled();
        }
        if (schedule) scheduler.accept(this);
    }

    /** Queues a control entry; never dropped. */
    void control(QueueEntry entry) {
        boolean schedule;
        synchronized (this) {
            entries.add(entry);
            schedule = markScheduled();
        }
        if (schedule) scheduler.accept(this);
    }

    private boolean markScheduled() {
        if (scheduled) return false;
        scheduled = true;
        return true;
    }

    /** Writer thread: everything queued so far, oldest first. The bytes stay charged until {@link #release}. */
    synchronized List<QueueEntry> takeBatch() {
        List<QueueEntry> batch = new ArrayList<>(entries);
        entries.clear();
        return batch;
    }

    /** Writer thread: {@code entry} has been written (or dropped): its bytes no longer count. */
    void release(QueueEntry entry) {
        long charge = entry.chargedBytes();
        if (charge == 0) return;
        synchronized (this) {
            used -= charge;
        }
        budget.release(charge);
    }

    /** Writer thread, after a batch: true if more work arrived meanwhile (the caller runs again), else idle. */
    synchronized boolean finishBatch() {
        if (entries.isEmpty()) {
            scheduled = false;
            return false;
        }
        return true;
    }

    /** Bytes held now. */
    synchronized long used() {
        return used;
    }

    /** The most this service ever held at once. */
    synchronized long highWater() {
        return highWater;
    }
}
