package org.pdsup.daemon.control;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Every open stream of the server, for {@link StreamStatistics}. Thread-safe. */
final class StreamRegistry {
    private final Set<StreamRelay<?>> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger maxQueued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    void opened(StreamRelay<?> relay) {
        open.add(relay);
    }

    void closed(StreamRelay<?> relay) {
        open.remove(relay);
    }

    void queued(int depth) {
        int m;
        while (depth > (m = maxQueued.get())) {
            if (maxQueued.compareAndSet(m, depth)) break;
        }
    }

    void dropped() {
        dropped.incrementAndGet();
    }

    /** The streams open now (a copy). */
    java.util.List<StreamRelay<?>> openStreams() {
        return java.util.List.copyOf(open);
    }

    StreamStatistics statistics() {
        long queued = 0;
        for (StreamRelay<?> r : open) queued += r.queued();
        return new StreamStatistics(open.size(), queued, maxQueued.get(), dropped.get());
    }
}
