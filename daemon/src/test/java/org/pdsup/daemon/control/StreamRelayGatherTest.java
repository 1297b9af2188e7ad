package org.pdsup.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * Leading-edge gathering: an item on a quiet stream goes out with no delay; items that follow a write within
 * {@link StreamRelay#GATHER_MICROS} wait for the rest of the interval and go out in one write. Netty's embedded
 * channel runs the relay's event-loop tasks when asked, and the interval is read from a fake clock.
 */
class StreamRelayGatherTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final EmbeddedChannel channel = new EmbeddedChannel();

    private StreamRelay<String> relay() {
        StreamRelay<String> r = new StreamRelay<>(channel, 7, 100,
                (item, out) -> out.writeCharSequence(item + "\n", StandardCharsets.UTF_8), new StreamRegistry(),
                x -> {});
        r.useClock(now::get);
        return r;
    }

    private String written() {
        ByteBuf b = channel.readOutbound();
        if (b == null) return null;
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    @Test
    void anItemOnAQuietStreamIsWrittenAtOnce() {
        StreamRelay<String> r = relay();
        r.offer("a");
        channel.runPendingTasks(); // tasks due now, not scheduled ones
        assertEquals("a\n", written());
        now.addAndGet(TimeUnit.MICROSECONDS.toNanos(StreamRelay.GATHER_MICROS));
        r.offer("b");
        channel.runPendingTasks();
        assertEquals("b\n", written(), "a whole interval after the last write: at once again");
    }

    @Test
    void itemsRightAfterAWriteAreGatheredIntoOneWrite() {
        StreamRelay<String> r = relay();
        r.offer("a");
        channel.runPendingTasks();
        assertEquals("a\n", written());
        now.addAndGet(TimeUnit.MICROSECONDS.toNanos(StreamRelay.GATHER_MICROS / 4));
        r.offer("b");
        r.offer("c");
        channel.runPendingTasks();
        assertNull(written(), "within the interval of the last write: they wait");
        channel.advanceTimeBy(StreamRelay.GATHER_MICROS, TimeUnit.MICROSECONDS);
        channel.runScheduledPendingTasks();
        assertEquals("b\nc\n", written(), "one write for both");
        assertNull(written());
    }

    @Test
    void theProducersIdleMomentSendsWhatWaitsUnlessTheLastWriteWasJustNow() {
        StreamRelay<String> r = relay();
        r.offer("a");
        channel.runPendingTasks();
        assertEquals("a\n", written());
        now.addAndGet(TimeUnit.MICROSECONDS.toNanos(StreamRelay.IDLE_DRAIN_MICROS / 2));
        r.offer("b");
        r.producerIdle();
        channel.runPendingTasks();
        assertNull(written(), "the last write was less than IDLE_DRAIN_MICROS ago: b waits for the interval");
        now.addAndGet(TimeUnit.MICROSECONDS.toNanos(StreamRelay.IDLE_DRAIN_MICROS));
        r.offer("c");
        r.producerIdle();
        channel.runPendingTasks();
        assertEquals("b\nc\n", written(), "the producer's burst is over: both go out now, in one write");
    }
}
