package org.pdsup.daemon.control;

import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

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
 * @param <T> the producer's item; turned into a frame on the event loop, not on the producer's thread
 */
final class StreamRelay<T> {
    private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);

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
    private final Function<T, Map<String, Object>> toFrame;
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
    private volatile boolean finishing;
    private volatile boolean restarting;
    private volatile boolean closed;
    private volatile AutoCloseable subscription;
    private Iterator<T> backlog;

    /**
     * @param onClosed runs on the event loop once the stream is over (ended or closed)
     */
    StreamRelay(Channel channel, long id, int capacity, Function<T, Map<String, Object>> toFrame,
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
                long cutOffAfterBytes, Function<T, Map<String, Object>> toFrame, StreamRegistry registry,
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
        scheduleDrain();
    }

    /** Any thread: send what is queued, then an end frame saying pdsupd re-executes, then close. */
    void finishRestarting() {
        restarting = true;
        finish();
    }

    /** Any thread: send what is queued, then the end frame, then close. */
    void finish() {
        finishing = true;
        scheduleDrain();
    }

    int queued() {
        return size.get();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drainTask);
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
            while (channel.isWritable()) {
                Object next = nextItem();
                if (next == null) {
                    long drops = pendingDrops.getAndSet(0);
                    if (drops > 0) {
                        channel.write(Responses.dropped(id, drops));
                        wrote = true;
                        continue;
                    }
                    if (finishing) {
                        channel.write(restarting ? Responses.endRestarting(id) : Responses.end(id));
                        wrote = true;
                        close();
                    }
                    break;
                }
                if (next instanceof Dropped) {
                    channel.write(Responses.dropped(id, ((Dropped) next).count));
                } else {
                    @SuppressWarnings("unchecked")
                    T item = (T) next;
                    channel.write(toFrame.apply(item));
                }
                wrote = true;
            }
        } catch (RuntimeException e) {
            log.warn("control: stream {} failed", id, e);
            close();
        } finally {
            if (wrote) {
                droppedSinceProgress.set(0);
                channel.flush();
            }
        }
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
