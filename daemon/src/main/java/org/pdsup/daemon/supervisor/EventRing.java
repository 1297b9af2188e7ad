package org.pdsup.daemon.supervisor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The bounded history of transitions, and the live subscribers that stream them. Confined to the supervisor
 * thread: appends and subscriber callbacks happen there.
 */
public final class EventRing {
    private int capacity;
    private final ArrayDeque<SupervisorEvent> ring;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private long nextSeq = 1;

    private record Subscriber(Predicate<String> filter, Consumer<SupervisorEvent> sink) {}

    /**
     * A subscriber that also hears when the supervisor thread has no more work due ({@link
     * SupervisorLoop#onIdle}) after it was given events: the end of a burst, when what it gathered can go out.
     */
    public interface BatchSink extends Consumer<SupervisorEvent> {
        void batchEnd();
    }

    /** Whether an event was appended since the last {@link #batchEnd()}. */
    private boolean appendedSinceBatchEnd;

    public EventRing(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.ring = new ArrayDeque<>(Math.min(this.capacity, 4096));
    }

    /** As {@link #EventRing(int)}, telling {@link BatchSink}s when {@code loop} runs out of work due now. */
    public EventRing(int capacity, SupervisorLoop loop) {
        this(capacity);
        loop.onIdle(this::batchEnd);
    }

    /** The supervisor thread has no work due now: every {@link BatchSink} hears it, if events came since. */
    public void batchEnd() {
        if (!appendedSinceBatchEnd) return;
        appendedSinceBatchEnd = false;
        for (Subscriber s : subscribers) {
            if (s.sink instanceof BatchSink b) b.batchEnd();
        }
    }

    /**
     * {@code pdsupd.event-ring} changed at a reload: keeps the newest {@code newCapacity} events; sequence numbers
     * go on where they were.
     */
    public void resize(int newCapacity) {
        capacity = Math.max(1, newCapacity);
        while (ring.size() > capacity) ring.removeFirst();
    }

    public int capacity() {
        return capacity;
    }

    public long nextSeq() {
        return nextSeq++;
    }

    public void append(SupervisorEvent event) {
        if (ring.size() == capacity) ring.removeFirst();
        ring.addLast(event);
        appendedSinceBatchEnd = true;
        for (Subscriber s : subscribers) {
            if (s.filter.test(event.service())) s.sink.accept(event);
        }
    }

    /** Subscribes; with {@code history} the ring's events matching the filter are delivered first. */
    public AutoCloseable subscribe(Predicate<String> filter, boolean history, Consumer<SupervisorEvent> sink) {
        if (history) {
            for (SupervisorEvent e : new ArrayList<>(ring)) {
                if (filter.test(e.service())) sink.accept(e);
            }
        }
        Subscriber s = new Subscriber(filter, sink);
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    /** Live re-exec: the sequence and history handed over by the previous program (before any subscriber). */
    public void restore(long next, List<SupervisorEvent> history) {
        ring.clear();
        int skip = Math.max(0, history.size() - capacity);
        ring.addAll(history.subList(skip, history.size()));
        nextSeq = Math.max(next, 1);
    }

    /** The sequence number the next event will get. */
    public long peekNextSeq() {
        return nextSeq;
    }

    public List<SupervisorEvent> history() {
        return List.copyOf(ring);
    }
}
