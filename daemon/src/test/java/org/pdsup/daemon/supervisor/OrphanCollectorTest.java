package org.pdsup.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pdsup.procdesc.ProcessDescriptors;

/**
 * {@link OrphanCollector}: a burst of requests (a start of many services asks once per spawn) makes a reap per
 * {@link OrphanCollector#MIN_INTERVAL_NANOS} at most, and no request is lost: a reap always begins after the
 * last request. The backend is a stand-in that records when each reap began (the reaping itself is procdesc's,
 * tested there and in OrphanReapingTest with real orphans).
 */
@Timeout(60)
class OrphanCollectorTest {
    private final List<Long> reapStarts = new CopyOnWriteArrayList<>();
    private final List<Long> peeks = new CopyOnWriteArrayList<>();
    private volatile boolean childWaiting = true;

    private ProcessDescriptors recording() {
        return (ProcessDescriptors) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ProcessDescriptors.class}, (proxy, method, args) -> {
                    if (method.getName().equals("exitedChildWaiting")) {
                        peeks.add(System.nanoTime());
                        return childWaiting;
                    }
                    if (method.getName().equals("reapOrphans")) {
                        reapStarts.add(System.nanoTime());
                        return 0;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aBurstOfRequestsIsSpacedAndTheLastIsNeverLost() throws Exception {
        try (OrphanCollector c = new OrphanCollector(recording())) {
            long begin = System.nanoTime();
            long lastRequest = 0;
            while (System.nanoTime() - begin < TimeUnit.MILLISECONDS.toNanos(200)) {
                c.request();
                lastRequest = System.nanoTime();
            }
            while (reapStarts.isEmpty() || reapStarts.get(reapStarts.size() - 1) < lastRequest) {
                Thread.sleep(5); // the reap after the last request: at most MIN_INTERVAL away
            }
            assertTrue(reapStarts.size() >= 2, "reaps during a burst of requests, not only after it: " + reapStarts.size());
            for (int i = 1; i < reapStarts.size(); i++) {
                long gap = reapStarts.get(i) - reapStarts.get(i - 1);
                // recorded a moment after each reap began: a thread preempted in between shortens one gap by
                // as much, so half the interval is asked (back-to-back reaps are microseconds apart)
                assertTrue(gap >= OrphanCollector.MIN_INTERVAL_NANOS / 2,
                        "reaps " + (i - 1) + " and " + i + " began " + gap / 1000 + " µs apart");
            }
        }
    }

    @Test
    void aLoneRequestIsReapedAtOnce() throws Exception {
        try (OrphanCollector c = new OrphanCollector(recording())) {
            long asked = System.nanoTime();
            c.request();
            while (reapStarts.isEmpty()) Thread.sleep(1);
            assertTrue(reapStarts.get(0) >= asked);
        }
    }

    @Test
    void noReapIsQueuedWhenNoChildWaits() throws Exception {
        childWaiting = false;
        try (OrphanCollector c = new OrphanCollector(recording())) {
            for (int i = 0; i < 100; i++) c.request();
            // every request peeked (on this thread) and none queued a reap; a later request that finds an exited
            // child does, at once (the reaper thread was never woken, so no interval holds it back)
            assertTrue(peeks.size() == 100, "peeks: " + peeks.size());
            childWaiting = true;
            long asked = System.nanoTime();
            c.request();
            while (reapStarts.isEmpty()) Thread.sleep(1);
            assertTrue(reapStarts.size() == 1 && reapStarts.get(0) >= asked, "reaps: " + reapStarts);
        }
    }
}
