package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;

/**
 * The system's process descriptors, except that a spawn whose argv contains {@code marker} waits until the test
 * opens the gate: a spawn held in flight for as long as the test needs, then carried out for real.
 */
final class GatedProcessDescriptors extends ForwardingProcessDescriptors {
    private final String marker;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();

    GatedProcessDescriptors(String marker) {
        this.marker = marker;
    }

    /** Lets every held and later spawn through. */
    void open() {
        gate.countDown();
    }

    /** Waits (bounded) until {@code n} spawns are held at the gate. */
    void awaitHeld(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (held.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(held.get() + " spawns held at the gate, expected " + n);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public ProcessDescriptor spawn(SpawnSpec spec) throws SpawnException {
        if (spec.argv().contains(marker) && gate.getCount() > 0) {
            held.incrementAndGet();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("gate never opened");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the gate", e);
            } finally {
                held.decrementAndGet();
            }
        }
        return real.spawn(spec);
    }

    @Override public String describe() { return "gated " + real.describe(); }
}
