package org.pdsup.daemon.control;

import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.pdsup.protocol.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the frames of one stream ({@code events}, {@code logs}) from a producer thread (the supervisor
 * thread, or output capture) to a channel, without ever blocking the producer and without unbounded
 * buffering: at most {@code capacity} items wait, and their estimated bytes must fit the connection's
 * {@link ByteBudget} (and through it the server's); an item that does not fit is dropped and counted, and the
 * reader gets {@code {"id":N,"dropped":K}} where the gap is. Frames are written only while the channel is
 * writable (Netty's write-buffer water marks), so the socket's own buffer is bounded too.
 *
 * <p>Frames are written in batches, gathered on the leading edge: a live item that comes when the stream has not
 * been drained for {@link #GATHER_MICROS} goes out at once; items that come sooner after a drain wait for the
 * rest of that interval, then one buffer of up to {@link #BATCH_BYTES} goes per write and one flush per drain. A
 * quiet stream (an exit now and then) thus adds no delay, and a storm still takes one write per interval, not
 * one write, encoding and system call per frame.
 *
 * @param <T> the producer's item; turned into a frame on the event loop, not on the producer's thread
 */
final class StreamRelay<T> {
    private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);
    /**
     * The shortest interval between two drains of a stream fed by live items: fifty {@code events -f} followers of
     * a crash-loop storm took one write and one system call per event each (110,000 a second) on the control
     * thread; at most one drain per 2 ms they take a few events per write. An item that finds the last drain
     * longer ago than this is sent at once (an exit → event delay of 2 ms p50 was this gathering alone).
     */
    static final long GATHER_MICROS = 2_000;
    private static final long GATHER_NANOS = GATHER_MICROS * 1_000;
    /**
     * The shortest interval between two drains when the producer says its burst is over ({@link #producerIdle}):
     * a crash-loop storm leaves the supervisor thread idle between exits, and a drain per idle moment per
     * follower would be the write per event the gathering exists to avoid.
     */
    static final long IDLE_DRAIN_MICROS = 250;
    /** Frames gathered into one buffer before it is written; past Netty's high-water mark by at most this. */
    static final int BATCH_BYTES = 16 * 1024;

    /** Appends one item's frame, with its newline, to a buffer. Event loop. */
    @FunctionalInterface
    interface FrameWriter<T> {
        void write(T item, ByteBuf out);
    }

    /** Marks, in the queue, where items were dropped. */
    private static final class Dropped {
        final long count;

        Dropped(long count) {
            this.count = count;
        }
    }

    private final Channel channel;
    private final long id;
    private final int capacity;
    private final FrameWriter<T> toFrame;
    private final StreamRegistry registry;
    private final Consumer<StreamRelay<?>> onClosed;
    /** An item with the bytes it holds in the budget. */
    private record Queued(Object item, long bytes) {}

    private final ByteBudget budget;
    private final ToLongFunction<T> sizer;
    /** Dropped bytes since a frame last went out, past which the reader is taken to read nothing: cut off. */
    private final long cutOffAfterBytes;
    private final AtomicLong droppedSinceProgress = new AtomicLong();
    private final AtomicBoolean cutOffScheduled = new AtomicBoolean();
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong pendingDrops = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** The clock of the gathering interval: System.nanoTime, or a test's. */
    private LongSupplier nanoClock = System::nanoTime;
    /** nanoClock's time of the last drain that wrote: live items within GATHER_MICROS of it wait for the rest. */
    private volatile long lastWriteNanos = Long.MIN_VALUE / 2;
    private volatile boolean finishing;
    private volatile boolean closed;
    private volatile AutoCloseable subscription;
    private Iterator<T> backlog;

    /**
     * @param onClosed runs on the event loop once the stream is over (ended or closed)
     */
    StreamRelay(Channel channel, long id, int capacity, FrameWriter<T> toFrame,
                StreamRegistry registry, Consumer<StreamRelay<?>> onClosed) {
        this(channel, id, capacity, new ByteBudget(Long.MAX_VALUE, null), t -> 0, Long.MAX_VALUE, toFrame, registry,
                onClosed);
    }

    /**
     * @param budget the connection's bytes: every queued item holds its estimated size there until sent
     * @param sizer  an item's estimated size in memory, in bytes
     * @param cutOffAfterBytes when this many bytes were dropped while not a single frame went out, the reader is
     *                         taken to read nothing and its connection is closed: the producer (a log backlog
     *                         read from disk) stops working for nobody. {@code Long.MAX_VALUE}: never
     */
    StreamRelay(Channel channel, long id, int capacity, ByteBudget budget, ToLongFunction<T> sizer,
                long cutOffAfterBytes, FrameWriter<T> toFrame, StreamRegistry registry,
                Consumer<StreamRelay<?>> onClosed) {
        this.budget = budget;
        this.sizer = sizer;
        this.cutOffAfterBytes = cutOffAfterBytes;
        this.channel = channel;
        this.id = id;
        this.capacity = capacity;
        this.toFrame = toFrame;
        this.registry = registry;
        this.onClosed = onClosed;
        registry.opened(this);
    }

    long id() {
        return id;
    }

    /** Tests: the gathering interval's clock. Before the first item. */
    void useClock(LongSupplier clock) {
        this.nanoClock = clock;
    }

    /** The producer's handle, closed with the stream. */
    void attach(AutoCloseable subscription) {
        this.subscription = subscription;
        if (closed) closeSubscription();
    }

    /**
     * Items to send before anything queued, read lazily as the reader keeps up (a finite history: no
     * capacity limit applies, nothing is dropped). Event loop only, before {@link #finish()}.
     */
    void sendFirst(Iterator<T> items) {
        this.backlog = items;
        scheduleDrain();
    }

    /** Any thread; never blocks. */
    void offer(T item) {
        if (closed || finishing) return;
        long bytes = sizer.applyAsLong(item);
        if (size.get() >= capacity || !budget.tryReserve(bytes)) {
            // a drain is scheduled, or the channel is not writable and its writability change will drain
            pendingDrops.incrementAndGet();
            registry.dropped();
            if (droppedSinceProgress.addAndGet(bytes) > cutOffAfterBytes && cutOffScheduled.compareAndSet(false, true)) {
                channel.eventLoop().execute(this::cutOff);
            }
            return;
        }
        long drops = pendingDrops.getAndSet(0);
        if (drops > 0) queue.add(new Dropped(drops));
        queue.add(new Queued(item, bytes));
        if (closed) {
            // closed meanwhile: close() may have cleared the queue before this item came
            drainClosedQueue();
            return;
        }
        registry.queued(size.incrementAndGet());
        long sinceWrite = nanoClock.getAsLong() - lastWriteNanos;
        scheduleDrain(sinceWrite >= GATHER_NANOS ? 0 : (GATHER_NANOS - sinceWrite + 999) / 1_000);
    }

    /**
     * Any thread: the producer has no more items now (the supervisor thread ran out of work): what is queued goes
     * out now rather than at the end of the gathering interval, unless the last write was less than {@link
     * #IDLE_DRAIN_MICROS} ago.
     */
    void producerIdle() {
        if (closed || (size.get() == 0 && pendingDrops.get() == 0)) return;
        if (nanoClock.getAsLong() - lastWriteNanos < IDLE_DRAIN_MICROS * 1_000) return; // the scheduled drain
        channel.eventLoop().execute(this::drain);
    }

    /** Any thread: send what is queued, then the end frame, then close. */
    void finish() {
        finishing = true;
        scheduleDrain();
    }

    int queued() {
        return size.get();
    }

    /**
     * Any thread: pdsupd shuts down in order, or re-executes ({@code restarting}: the frame also says
     * {@code "restarting":true}). On the event loop, writes what is still queued (the budget bounds
     * it) whether or not the channel is writable, then {@code {"id":N,"ok":true,"end":true,"reason":R}}, and
     * closes the stream; the returned future completes once that frame is written (or cannot be).
     */
    io.netty.util.concurrent.Future<Void> endNow(String reason) {
        io.netty.util.concurrent.Promise<Void> written = channel.eventLoop().newPromise();
        try {
            channel.eventLoop().execute(() -> {
                if (closed || !channel.isActive()) {
                    close();
                    written.trySuccess(null);
                    return;
                }
                finishing = true;
                Object next;
                while ((next = nextItem()) != null) {
                    if (next instanceof Dropped d) {
                        channel.write(Responses.dropped(id, d.count));
                    } else {
                        @SuppressWarnings("unchecked")
                        T item = (T) next;
                        ByteBuf frame = channel.alloc().buffer(256);
                        try {
                            toFrame.write(item, frame);
                        } catch (RuntimeException e) {
                            frame.release();
                            throw e;
                        }
                        channel.write(frame);
                    }
                }
                long drops = pendingDrops.getAndSet(0);
                if (drops > 0) channel.write(Responses.dropped(id, drops));
                Object end = "restarting".equals(reason) ? Responses.endRestarting(id) : Responses.end(id, reason);
                channel.writeAndFlush(end).addListener(f -> written.trySuccess(null));
                close();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            written.trySuccess(null); // the event loop is gone, and the connection with it
        }
        return written;
    }

    private void scheduleDrain() {
        scheduleDrain(0);
    }

    /** A drain now, or (live items) after {@code delayMicros}, so that the items meanwhile go in one write. */
    private void scheduleDrain(long delayMicros) {
        if (drainScheduled.compareAndSet(false, true)) {
            if (delayMicros == 0) channel.eventLoop().execute(this::drainTask);
            else channel.eventLoop().schedule(this::drainTask, delayMicros, TimeUnit.MICROSECONDS);
        }
    }

    private void drainTask() {
        drainScheduled.set(false);
        drain();
    }

    /** Event loop: writes while the channel takes more. Called again when it becomes writable. */
    void drain() {
        if (closed) return;
        boolean wrote = false;
        try {
            while (!closed && channel.isWritable()) {
                // sized by what is gathered, not BATCH_BYTES: a batch of one small frame holds a small buffer
                ByteBuf batch = channel.alloc().buffer(256);
                int more;
                try {
                    more = gather(batch);
                } catch (RuntimeException e) {
                    batch.release();
                    throw e;
                }
                if (batch.isReadable()) {
                    channel.write(batch);
                    wrote = true;
                } else {
                    batch.release();
                }
                if (more == END) close();
                if (more != FULL) break;
            }
        } catch (RuntimeException e) {
            log.warn("control: stream {} failed", id, e);
            close();
        } finally {
            if (wrote) {
                droppedSinceProgress.set(0);
                lastWriteNanos = nanoClock.getAsLong();
                channel.flush();
            }
        }
    }

    private static final int FULL = 0;
    private static final int EMPTY = 1;
    private static final int END = 2;

    /** Appends frames until the batch holds {@link #BATCH_BYTES}: FULL, or EMPTY (nothing left now), or END. */
    private int gather(ByteBuf batch) {
        while (batch.readableBytes() < BATCH_BYTES) {
            Object next = nextItem();
            if (next == null) {
                long drops = pendingDrops.getAndSet(0);
                if (drops > 0) {
                    FrameEncoder.encodeTo(Responses.dropped(id, drops), batch);
                    continue;
                }
                if (finishing) {
                    FrameEncoder.encodeTo(Responses.end(id), batch);
                    return END;
                }
                return EMPTY;
            }
            if (next instanceof Dropped) {
                FrameEncoder.encodeTo(Responses.dropped(id, ((Dropped) next).count), batch);
            } else {
                @SuppressWarnings("unchecked")
                T item = (T) next;
                toFrame.write(item, batch);
            }
        }
        return FULL;
    }

    /** Event loop: the reader took nothing while a whole connection buffer was dropped: close its connection. */
    private void cutOff() {
        if (closed || droppedSinceProgress.get() <= cutOffAfterBytes) {
            cutOffScheduled.set(false);
            return;
        }
        ConnectionState state = ConnectionState.of(channel);
        log.warn("control: cut off {}: stream {} dropped {} bytes while the client read nothing",
                state == null ? "a client" : state.describePeer(), id, droppedSinceProgress.get());
        close();
        channel.close();
    }

    private Object nextItem() {
        if (backlog != null) {
            if (backlog.hasNext()) return backlog.next();
            backlog = null;
        }
        Object o = queue.poll();
        if (o instanceof Queued) {
            Queued q = (Queued) o;
            size.decrementAndGet();
            budget.release(q.bytes());
            return q.item();
        }
        return o;
    }

    /** Gives back the bytes of whatever is still queued. */
    private void drainClosedQueue() {
        Object o;
        while ((o = queue.poll()) != null) {
            if (o instanceof Queued) {
                size.decrementAndGet();
                budget.release(((Queued) o).bytes());
            }
        }
    }

    /** Stops the stream: unsubscribes, discards the queue. Idempotent; event loop. */
    void close() {
        if (closed) return;
        closed = true;
        closeSubscription();
        drainClosedQueue();
        backlog = null;
        registry.closed(this);
        onClosed.accept(this);
    }

    private void closeSubscription() {
        AutoCloseable s = subscription;
        subscription = null;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                log.warn("control: closing stream {}'s subscription failed", id, e);
            }
        }
    }
}
