package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real JVM flags of this test JVM, narrowed as the launcher narrows them, widened by a burst of full
 * collections and narrowed again after a calm. The collections are reported as the JVM's notification reports
 * them (action, cause, end time in ms of uptime).
 */
class BurstHeapTest {
    private final AtomicInteger collections = new AtomicInteger();
    private HeapFreeRatios ratios;

    @BeforeEach
    void narrowAsTheLauncher() {
        ratios = new HeapFreeRatios();
        ratios.narrowAsTheLauncher();
    }

    @AfterEach
    void putBack() {
        ratios.putBack();
    }

    private BurstHeap heap() {
        return new BurstHeap(ratios.vm, collections::incrementAndGet);
    }

    @Test
    void aSecondFullCollectionWithinTheWindowWidensUntilACalmThenCollectsOnce() {
        BurstHeap h = heap();
        h.collected(true, "Allocation Failure", 1_000);
        assertThat(ratios.now()).as("one full collection is no burst").isEqualTo("5/10");
        h.collected(true, "Allocation Failure", 1_000 + BurstHeap.BURST_WINDOW_MS);
        assertThat(ratios.now()).isEqualTo(BurstHeap.WIDE_MIN + "/" + BurstHeap.WIDE_MAX);
        long last = 2_000 + BurstHeap.BURST_WINDOW_MS;
        h.collected(true, "Allocation Failure", last);
        h.collected(false, "Allocation Failure", last + BurstHeap.CALM_MS - 1);
        assertThat(ratios.now()).as("still within the burst").isEqualTo(BurstHeap.WIDE_MIN + "/" + BurstHeap.WIDE_MAX);
        assertThat(collections).hasValue(0);
        h.collected(false, "Allocation Failure", last + BurstHeap.CALM_MS);
        assertThat(ratios.now()).isEqualTo("5/10");
        assertThat(collections).as("collected once, to shrink to the launcher's ratios now").hasValue(1);
        h.collected(true, "System.gc()", last + BurstHeap.CALM_MS + 5);
        h.collected(false, "Allocation Failure", last + 10 * BurstHeap.CALM_MS);
        assertThat(collections).hasValue(1);
        assertThat(h.widened()).isFalse();
    }

    @Test
    void theStartupRestoresCollectionCountsAsTheFirstOfABurst() {
        BurstHeap h = heap();
        h.startedAfterRestore(1_000);
        h.collected(true, "Allocation Failure", 1_000 + BurstHeap.BURST_WINDOW_MS);
        assertThat(ratios.now()).as("the first full collection after the restore, within the window")
                .isEqualTo(BurstHeap.WIDE_MIN + "/" + BurstHeap.WIDE_MAX);

        BurstHeap idle = heap();
        ratios.narrowAsTheLauncher();
        idle.startedAfterRestore(1_000);
        idle.collected(true, "Allocation Failure", 2_000 + BurstHeap.BURST_WINDOW_MS);
        assertThat(ratios.now()).as("one full collection later than the window after the restore").isEqualTo("5/10");
    }

    @Test
    void fullCollectionsFartherApartThanTheWindowAreNoBurst() {
        BurstHeap h = heap();
        for (int i = 0; i < 5; i++) h.collected(true, "Allocation Failure", i * (BurstHeap.BURST_WINDOW_MS + 1));
        assertThat(ratios.now()).isEqualTo("5/10");
        assertThat(h.widened()).isFalse();
    }

    @Test
    void requestedCollectionsAreNoSignOfPressure() {
        BurstHeap h = heap();
        for (String cause : new String[] {"System.gc()", "Diagnostic Command", "Heap Inspection Initiated GC"}) {
            h.collected(true, cause, 1_000);
            h.collected(true, cause, 1_001);
        }
        assertThat(ratios.now()).isEqualTo("5/10");
    }

    @Test
    void ratiosTheOperatorSetLooseAreLeftAloneAndNeverNarrowed() {
        ratios.vm.setVMOption("MaxHeapFreeRatio", "95");
        ratios.vm.setVMOption("MinHeapFreeRatio", "75");
        BurstHeap h = heap();
        h.collected(true, "Allocation Failure", 1_000);
        h.collected(true, "Allocation Failure", 1_001);
        h.collected(false, "Allocation Failure", 1_001 + BurstHeap.CALM_MS);
        assertThat(ratios.now()).isEqualTo("75/95");
        assertThat(collections).hasValue(0);
    }

    @Test
    void aBurstBackSoonerThanItsCalmDoublesTheNextCalmAndALaterOneResetsIt() {
        BurstHeap h = heap();
        long t = 1_000;
        h.collected(true, "Allocation Failure", t);
        h.collected(true, "Allocation Failure", t += 100);
        t += BurstHeap.CALM_MS;
        h.collected(false, "Allocation Failure", t);
        assertThat(h.widened()).isFalse();
        // back 10 s later, as under a steady load that needs the wide ratios
        h.collected(true, "Allocation Failure", t += 10_000);
        h.collected(true, "Allocation Failure", t += 100);
        assertThat(h.calmMs()).isEqualTo(2 * BurstHeap.CALM_MS);
        h.collected(false, "Allocation Failure", t + BurstHeap.CALM_MS);
        assertThat(h.widened()).as("one calm is no longer enough").isTrue();
        h.collected(false, "Allocation Failure", t += 2 * BurstHeap.CALM_MS);
        assertThat(h.widened()).isFalse();
        assertThat(collections).hasValue(2);
        for (int i = 0; i < 10; i++) {
            h.collected(true, "Allocation Failure", t += 1_000);
            h.collected(true, "Allocation Failure", t += 100);
            h.collected(false, "Allocation Failure", t += h.calmMs());
        }
        assertThat(h.calmMs()).isEqualTo(BurstHeap.MAX_CALM_MS);
        // a burst long after the last calm ended starts again from one calm
        h.collected(true, "Allocation Failure", t += BurstHeap.MAX_CALM_MS + 1);
        h.collected(true, "Allocation Failure", t += 100);
        assertThat(h.calmMs()).isEqualTo(BurstHeap.CALM_MS);
        assertThat(ratios.now()).isEqualTo(BurstHeap.WIDE_MIN + "/" + BurstHeap.WIDE_MAX);
    }
}
