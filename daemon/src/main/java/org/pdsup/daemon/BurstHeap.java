package org.pdsup.daemon;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Set;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loose heap sizing while full collections come in bursts, the launcher's tight sizing again once they stop.
 * The launcher keeps the old generation within 5-10 % of the live set ({@code -XX:MinHeapFreeRatio=5
 * -XX:MaxHeapFreeRatio=10}, right for an idle supervisor). In a crash-loop storm (500 services restarting at
 * once, 200 control clients) the promoted garbage fills those few percent again and again: 10-19 full
 * collections in 10 s, each a stop of every thread for tens of milliseconds, and they made the tail of an
 * admin's {@code status} (issue 20, docs/reliability.md). The second full collection within
 * {@link #BURST_WINDOW_MS} widens both ratios ({@link #WIDE_MIN}, {@link #WIDE_MAX}), so the old generation
 * grows room to take the storm's promotions; the first
 * collection of any kind that comes {@link #CALM_MS} after the last full one puts the launcher's ratios back
 * and collects once, so the heap shrinks to them at once (as {@link StartupHeap#restore} does). A burst that
 * comes back sooner than that calm lasted doubles the calm the next one needs ({@link #calmMs}).
 *
 * <p>Driven by the JVM's own collection notifications (no timer): the listener runs on the JVM's notification
 * thread, which delivers them one at a time, and this object's fields are used by that thread only. Collections
 * someone asked for ({@code System.gc()}, {@code jcmd GC.run}, heap dumps and histograms) are no sign of
 * pressure and are not counted. Ratios the operator set at or above the wide ones are left alone.
 */
final class BurstHeap implements NotificationListener {
    private static final Logger LOG = LoggerFactory.getLogger(BurstHeap.class);
    private static final String MIN = "MinHeapFreeRatio";
    private static final String MAX = "MaxHeapFreeRatio";
    /**
     * The ratios during a burst: after a full collection the old generation keeps at least 70 % free, about twice
     * the live set, so the storm's promotions fill it about once a minute instead of every few seconds (the
     * JVM's defaults, 40/70, still gave a full collection every 12 s in the 500-service storm).
     */
    static final int WIDE_MIN = 70;
    static final int WIDE_MAX = 90;
    /** Two full collections at most this far apart (JVM uptime, ms) are a burst. */
    static final long BURST_WINDOW_MS = 30_000;
    /** This long with no full collection ends the burst (at first; see {@link #calmMs}). */
    static final long CALM_MS = 60_000;
    /** The longest calm a burst may need before it ends. */
    static final long MAX_CALM_MS = 32 * CALM_MS;
    /** The causes HotSpot gives a collection that was asked for, not forced by allocation. */
    private static final Set<String> REQUESTED = Set.of("System.gc()", "Diagnostic Command",
            "Heap Dump Initiated GC", "Heap Inspection Initiated GC", "JvmtiEnv ForceGarbageCollection");

    private final HotSpotDiagnosticMXBean vm;
    private final Runnable collect;
    private long lastFullMs = Long.MIN_VALUE / 2;
    private long narrowedMs = Long.MIN_VALUE / 2;
    /**
     * The calm that ends the current burst: {@link #CALM_MS}, doubled (up to {@link #MAX_CALM_MS}) each time a
     * burst comes back sooner than the calm that ended the one before, so a steady load that needs the wide
     * ratios keeps them instead of going back and forth (with a full collection to shrink each time).
     */
    private long calmMs = CALM_MS;
    /** The launcher's ratios while they are widened, else null. */
    private String savedMin;
    private String savedMax;

    BurstHeap(HotSpotDiagnosticMXBean vm, Runnable collect) {
        this.vm = vm;
        this.collect = collect;
    }

    /**
     * Listens to every collector of this JVM; from then on bursts of full collections widen the heap.
     *
     * @param restoredAtMs when {@link StartupHeap#restore()} collected to shrink the start-up heap (JVM uptime,
     *     ms), or a negative number if it did not: that collection counts as the first of a burst
     */
    static void install(long restoredAtMs) {
        BurstHeap heap = new BurstHeap(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class), System::gc);
        if (restoredAtMs >= 0) heap.startedAfterRestore(restoredAtMs); // before the listener: it publishes the heap
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(heap, n -> GarbageCollectionNotificationInfo
                        .GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()), null);
            }
        }
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        collected(info.getGcAction().contains("major"), info.getGcCause(), info.getGcInfo().getEndTime());
    }

    /**
     * The start-up heap was just shrunk to the launcher's ratios by a full collection at {@code atMs}: it counts
     * as the first of a burst. A supervisor that is busy once it has started (services crash-looping, a storm of
     * requests) fills the old generation's few percent again within seconds; that first full collection (30-60
     * ms at 1,000 services) then widens the heap at once, rather than a second one half a minute later (W7's
     * window met it: docs/benchmarks.md, "Allocation per restart"). An idle supervisor has none, and stays
     * tight.
     */
    void startedAfterRestore(long atMs) {
        lastFullMs = atMs;
    }

    /**
     * One collection ended.
     *
     * @param major whether it was a full collection ("end of major GC")
     * @param cause HotSpot's cause, such as "Allocation Failure" or "System.gc()"
     * @param endMs when it ended, in milliseconds of JVM uptime
     */
    void collected(boolean major, String cause, long endMs) {
        if (major && !REQUESTED.contains(cause)) {
            if (endMs - lastFullMs <= BURST_WINDOW_MS) widen(cause, endMs, endMs - lastFullMs);
            lastFullMs = endMs;
        } else if (savedMin != null && endMs - lastFullMs >= calmMs) {
            narrow(endMs - lastFullMs, endMs);
        }
    }

    /** Whether the ratios are widened now. */
    boolean widened() {
        return savedMin != null;
    }

    /** The calm that ends the current burst, in ms. */
    long calmMs() {
        return calmMs;
    }

    private void widen(String cause, long endMs, long sincePreviousMs) {
        if (savedMin != null) return;
        String min = vm.getVMOption(MIN).getValue();
        String max = vm.getVMOption(MAX).getValue();
        if (Integer.parseInt(min) >= WIDE_MIN && Integer.parseInt(max) >= WIDE_MAX) return;
        // the JVM refuses a minimum above the maximum at every step: raise the maximum first
        vm.setVMOption(MAX, String.valueOf(Math.max(WIDE_MAX, Integer.parseInt(max))));
        vm.setVMOption(MIN, String.valueOf(Math.max(WIDE_MIN, Integer.parseInt(min))));
        savedMin = min;
        savedMax = max;
        calmMs = endMs - narrowedMs < calmMs ? Math.min(2 * calmMs, MAX_CALM_MS) : CALM_MS;
        LOG.info("heap: two full collections {} ms apart (the last: {}): free ratios widened from {}/{} % to {}/{} %"
                + " until no full collection for {} s", sincePreviousMs, cause, min, max,
                vm.getVMOption(MIN).getValue(), vm.getVMOption(MAX).getValue(), calmMs / 1000);
    }

    private void narrow(long quietMs, long endMs) {
        narrowedMs = endMs;
        vm.setVMOption(MIN, savedMin); // lower the minimum first, for the same reason
        vm.setVMOption(MAX, savedMax);
        LOG.info("heap: no full collection for {} s: free ratios back to {}/{} %", quietMs / 1000, savedMin, savedMax);
        savedMin = null;
        savedMax = null;
        collect.run();
    }
}
