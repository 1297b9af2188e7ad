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

    /**
     * Every open stream sends what it has queued, then its end frame with {@code reason}, and closes; each future
     * completes once that frame is written (or cannot be).
     */
    java.util.List<io.netty.util.concurrent.Future<Void>> endAll(String reason) {
        java.util.List<io.netty.util.concurrent.Future<Void>> written = new java.util.ArrayList<>();
        for (StreamRelay<?> relay : open) written.add(relay.endNow(reason));
        return written;
    }

    /** Waits at most {@code maxMillis} in all for {@code written}: a reader that does not read gets nothing. */
    static void awaitWritten(java.util.List<io.netty.util.concurrent.Future<Void>> written, long maxMillis) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(maxMillis);
        for (io.netty.util.concurrent.Future<Void> f : written) {
            f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()),
                    java.util.concurrent.TimeUnit.NANOSECONDS);
        }
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
