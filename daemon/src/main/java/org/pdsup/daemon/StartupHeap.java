package org.pdsup.daemon;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Loose heap sizing while the configuration is read and the services are built and started, the launcher's tight
 * sizing afterwards. The launcher keeps the committed heap within 5-10 % of the live set
 * ({@code -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=10}), which is right for an idle supervisor; while the
 * live set grows from nothing to 10,000 services' configuration it made the old generation fill every 5 % of
 * growth, each time a full collection of everything live (38 full collections, 10.6 s of pauses for
 * {@code --check-config} of 10,000 services). Both ratios are manageable flags, so they can be changed while
 * the JVM runs. Used from the main thread only.
 */
final class StartupHeap {
    private static final String MIN = "MinHeapFreeRatio";
    private static final String MAX = "MaxHeapFreeRatio";
    /**
     * As wide as {@code BurstHeap}'s: at the JVM's own defaults (40/70 %) the old generation still grew through
     * five full collections while 10,000 services loaded; at 70/90 % two, and 15 % less CPU for
     * {@code --check-config} (docs/benchmarks.md, "Start path CPU"). {@link #restore()} shrinks it after.
     */
    static final int LOOSE_MIN = 70;
    static final int LOOSE_MAX = 90;

    private static String savedMin;
    private static String savedMax;

    private StartupHeap() {}

    /** Widens the free ratios to the JVM's defaults if the launcher narrowed them; remembers the launcher's. */
    static void loosen() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption(MIN).getValue();
        String max = vm.getVMOption(MAX).getValue();
        if (Integer.parseInt(min) >= LOOSE_MIN && Integer.parseInt(max) >= LOOSE_MAX) return;
        savedMin = min;
        savedMax = max;
        // the JVM refuses a minimum above the maximum at every step: raise the maximum first
        vm.setVMOption(MAX, String.valueOf(Math.max(LOOSE_MAX, Integer.parseInt(max))));
        vm.setVMOption(MIN, String.valueOf(Math.max(LOOSE_MIN, Integer.parseInt(min))));
    }

    /**
     * Puts back the launcher's ratios and collects once, so that the heap shrinks to them now rather than at
     * some later full collection (an idle supervisor may not have one for hours). No-op if nothing was widened.
     *
     * @return when that collection ended (JVM uptime, ms), or -1 if there was none
     */
    static long restore() {
        if (savedMin == null) return -1;
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        vm.setVMOption(MIN, savedMin); // lower the minimum first, for the same reason
        vm.setVMOption(MAX, savedMax);
        savedMin = null;
        savedMax = null;
        System.gc();
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
