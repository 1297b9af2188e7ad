package org.pdsup.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/** {@link SupervisorLoop#onIdle}: the hook runs once a burst of tasks is over, not after each task of it. */
@org.junit.jupiter.api.Timeout(60)
class SupervisorLoopIdleTest {
    @Test
    void theHookRunsAfterTheLastTaskOfABurstOnly() throws Exception {
        try (SupervisorLoop loop = new SupervisorLoop()) {
            List<String> seen = new ArrayList<>(); // supervisor thread only, until idle has been counted down
            CountDownLatch idle = new CountDownLatch(1);
            loop.onIdle(() -> {
                seen.add("idle");
                idle.countDown();
            });
            CountDownLatch release = new CountDownLatch(1);
            loop.post(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.add("t1");
            });
            loop.post(() -> seen.add("t2"));
            loop.post(() -> seen.add("t3"));
            loop.post(() -> seen.add("t4"));
            release.countDown(); // t2..t4 are queued behind t1 by now
            idle.await(); // nothing is posted after t4: the hook after it is the last thing to touch seen
            assertEquals(List.of("t1", "t2", "t3", "t4", "idle"), seen);
        }
    }

    @Test
    void aTimerDueLaterDoesNotHoldTheHookBack() throws Exception {
        try (SupervisorLoop loop = new SupervisorLoop()) {
            List<String> seen = new ArrayList<>();
            CountDownLatch idle = new CountDownLatch(1);
            loop.onIdle(() -> {
                seen.add("idle");
                idle.countDown();
            });
            loop.schedule(Duration.ofHours(1), () -> seen.add("timer"));
            loop.post(() -> seen.add("t1"));
            idle.await();
            assertEquals(List.of("t1", "idle"), seen);
        }
    }

    @Test
    void eventsReachABatchSinksEndOnlyWhenSomeCame() throws Exception {
        try (SupervisorLoop loop = new SupervisorLoop()) {
            EventRing ring = new EventRing(16, loop);
            List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch ended = new CountDownLatch(1);
            loop.call(() -> ring.subscribe(n -> true, false, new EventRing.BatchSink() {
                @Override
                public void accept(SupervisorEvent e) {
                    seen.add(e.service());
                }

                @Override
                public void batchEnd() {
                    seen.add("end");
                    if (seen.contains("b")) ended.countDown();
                }
            })).join();
            loop.post(() -> ring.append(new SupervisorEvent(ring.nextSeq(), java.time.Instant.now(), "a",
                    ServiceState.STARTING, ServiceState.RUNNING, "test", 1, null)));
            loop.post(() -> ring.append(new SupervisorEvent(ring.nextSeq(), java.time.Instant.now(), "b",
                    ServiceState.STARTING, ServiceState.RUNNING, "test", 2, null)));
            ended.await();
            List<String> afterEvents = List.copyOf(seen);
            loop.post(() -> { }); // bursts with no event: no end for the sink
            loop.call(() -> null).join();
            List<String> afterNothing = loop.call(() -> List.copyOf(seen)).join();
            assertEquals("end", afterEvents.get(afterEvents.size() - 1));
            assertEquals(List.of("a", "b"), afterEvents.stream().filter(x -> !x.equals("end")).toList());
            assertEquals(afterEvents, afterNothing);
        }
    }
}
