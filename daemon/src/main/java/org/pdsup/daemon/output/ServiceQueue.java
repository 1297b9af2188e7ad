package org.pdsup.daemon.output;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded hand-over of one service's output from the reading side to the writer thread.
 *
 * <p>With {@code overflow = block} (the default) a reader asks {@link #admit} before each read(2) and is given
 * a reservation ({@link Credit}) that covers everything the read can turn into, or is told to stop reading
 * until the writer has made room: the service then waits in write(2), as it would on a slow file. If no room
 * comes within max-stall, the queue switches to dropping until the writer has caught up (half the buffer
 * free), so a hung disk never holds a service for longer than max-stall at a time.
 *
 * <p>{@link #offer} without a credit never waits: output that does not fit under the per-service bound
 * ({@code output.buffer}) or the global {@link MemoryBudget} is dropped and counted, and the count rides on
 * the next accepted chunk of the same stream so the writer can put a notice line exactly where the gap is. One
 * chunk (one read) is always admitted when the service holds nothing, so a chunk larger than a tiny {@code
 * buffer} still gets through; the most a service ever holds is therefore {@code buffer + one read} per stream
 * (a read is at most 64 KiB plus max-line bytes).
 *
 * <p>Control entries (settings, barriers, retirement) are never dropped. The queue schedules itself on the
 * writer when it goes from idle to having work, and the writer takes whole batches.
 */
final class ServiceQueue {
    private static final Logger log = LoggerFactory.getLogger(ServiceQueue.class);
    /** {@link #admit} result: do not read now; the resume callback runs when there is room. */
    static final long PAUSE = 0;
    /** {@link #admit} result: read, and drop what does not fit ({@code overflow = drop}, or stalled too long). */
    static final long DROP = -1;

    /** Bytes reserved by one reader for the read it is making; {@link #offer} draws from it. */
    static final class Credit {
        long left;
    }

    private final String name;
    private final MemoryBudget budget;
    private final AtomicLong dropped;
    private final Consumer<ServiceQueue> scheduler;
    private final ScheduledExecutorService stallTimer;
    private final ArrayDeque<QueueEntry> entries = new ArrayDeque<>();
    private final long[] pendingDrop = new long[StreamKind.values().length];
    private final List<Runnable> waiting = new ArrayList<>();
    private volatile long limit;
    private volatile boolean block;
    private volatile long maxStallMillis = 1;
    private long used;
    private long reserved;
    private long highWater;
    private boolean scheduled;
    /** Max-stall passed with the buffer full: dropping until the writer catches up. */
    private boolean overflowing;
    private long droppedAtOverflow;
    /** The largest charge a waiting reader asked for: they resume when it fits. */
    private long wanted;
    private ScheduledFuture<?> stall;

    /**
     * @param limit      per-service bound in bytes
     * @param dropped    the service's dropped-bytes counter (shared with the writer, which counts write failures)
     * @param scheduler  called, outside any lock, when the queue needs the writer
     * @param stallTimer runs the max-stall deadline and the resumption of readers; null: this queue only drops
     */
    ServiceQueue(String name, long limit, MemoryBudget budget, AtomicLong dropped, Consumer<ServiceQueue> scheduler,
                 ScheduledExecutorService stallTimer) {
        this.name = name;
        this.limit = limit;
        this.budget = budget;
        this.dropped = dropped;
        this.scheduler = scheduler;
        this.stallTimer = stallTimer;
    }

    /** A queue that drops when full (tests of the writer side). */
    ServiceQueue(long limit, MemoryBudget budget, AtomicLong dropped, Consumer<ServiceQueue> scheduler) {
        this("test", limit, budget, dropped, scheduler, null);
    }

    void setLimit(long limit) {
        this.limit = limit;
    }

    /** {@code block}: readers wait for room (at most {@code maxStallMillis} at a time) instead of dropping. */
    void setOverflow(boolean block, long maxStallMillis) {
        this.maxStallMillis = maxStallMillis;
        this.block = block && stallTimer != null;
        if (!this.block) wake(true, false);
    }

    /**
     * A reader is about to read up to {@code charge} bytes (everything the read can become, overhead included).
     *
     * @return the bytes reserved for it (put them in its {@link Credit}, give back the rest with {@link #refund});
     *         {@link #PAUSE}: do not read, {@code resume} runs once there is room (or max-stall passed);
     *         {@link #DROP}: read, and offer without a credit
     */
    long admit(long charge, Runnable resume) {
        boolean needBudget;
        synchronized (this) {
            if (!block || overflowing) return DROP;
            long held = used + reserved;
            needBudget = held == 0 || held + charge <= limit;
            if (needBudget && budget.tryReserve(charge)) {
                reserved += charge;
                return charge;
            }
            if (waiting.isEmpty()) {
                startStallClock();
                wanted = 0;
            }
            wanted = Math.max(wanted, charge);
            waiting.add(resume);
        }
        if (needBudget) budget.notifyWhenRoom(this);
        return PAUSE;
    }

    /** Gives back what is left of {@code credit} after the read it was reserved for. */
    void refund(Credit credit) {
        long left = credit.left;
        if (left <= 0) return;
        credit.left = 0;
        synchronized (this) {
            reserved -= left;
        }
        budget.release(left);
        wake(false, false);
    }

    /**
     * Hands {@code data[0..length)} to the writer, or drops it. {@code data} is owned by the queue afterwards.
     *
     * @param credit the reader's reservation (null: none); covers the chunk when it was admitted
     * @return true when accepted
     */
    boolean offer(StreamKind stream, byte[] data, int length, LineTail tail, long timeMillis, Credit credit) {
        long charge = (long) data.length + Chunk.OVERHEAD;
        boolean schedule;
        synchronized (this) {
            if (credit != null && credit.left >= charge) {
                credit.left -= charge;
                reserved -= charge;
            } else if ((used + reserved > 0 && used + reserved + charge > limit) || !budget.tryReserve(charge)) {
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

    boolean offer(StreamKind stream, byte[] data, int length, LineTail tail, long timeMillis) {
        return offer(stream, data, length, tail, timeMillis, null);
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
        wake(false, true);
    }

    /** The global budget has room again: readers waiting for it may try. */
    void budgetFreed() {
        wake(false, false);
    }

    /**
     * Resumes the waiting readers when half the buffer is free and what they want fits (or {@code always}); ends
     * an overflow once the writer has caught up ({@code written}: called for the writer's progress). Runs the
     * resume callbacks outside the lock.
     */
    private void wake(boolean always, boolean written) {
        List<Runnable> resume;
        long lost = -1;
        synchronized (this) {
            long held = used + reserved;
            boolean room = held == 0 || (held <= limit / 2 && held + wanted <= limit);
            if (overflowing && written && room) {
                overflowing = false;
                lost = dropped.get() - droppedAtOverflow;
            }
            if (waiting.isEmpty() || !(room || always)) {
                resume = null;
            } else {
                resume = new ArrayList<>(waiting);
                waiting.clear();
                stopStallClock();
            }
        }
        if (lost >= 0) {
            log.info("output of {}: written again after a stall; {} bytes were dropped meanwhile", name, lost);
        }
        if (resume != null) {
            // on the timer's thread: the caller may hold a stream's lock, and a resume takes one
            for (Runnable r : resume) {
                try {
                    stallTimer.execute(r);
                } catch (RejectedExecutionException e) {
                    // capture is closing: its streams are being closed
                }
            }
        }
    }

    private void startStallClock() {
        long millis = maxStallMillis;
        stall = stallTimer.schedule(this::stallPassed, millis, TimeUnit.MILLISECONDS);
    }

    private void stopStallClock() {
        if (stall != null) stall.cancel(false);
        stall = null;
    }

    /** Timer thread: readers have waited max-stall for room: drop from now on until the writer catches up. */
    private void stallPassed() {
        synchronized (this) {
            if (waiting.isEmpty() || overflowing) return;
            overflowing = true;
            droppedAtOverflow = dropped.get();
        }
        log.warn("output of {}: not written for {} ms with its buffer full (disk slow or hung?); dropping its"
                + " output until the writer catches up", name, maxStallMillis);
        wake(true, false);
    }

    /** True while the queue drops because max-stall passed (tests). */
    synchronized boolean overflowing() {
        return overflowing;
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
