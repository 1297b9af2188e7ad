package org.pdsup.daemon;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/** This test JVM's real MinHeapFreeRatio/MaxHeapFreeRatio: read, set, and put back as they were. */
final class HeapFreeRatios {
    final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    private final String min = vm.getVMOption("MinHeapFreeRatio").getValue();
    private final String max = vm.getVMOption("MaxHeapFreeRatio").getValue();

    /** "min/max" now. */
    String now() {
        return vm.getVMOption("MinHeapFreeRatio").getValue() + "/" + vm.getVMOption("MaxHeapFreeRatio").getValue();
    }

    /** As the launcher sets them (5/10). */
    void narrowAsTheLauncher() {
        vm.setVMOption("MinHeapFreeRatio", "5");
        vm.setVMOption("MaxHeapFreeRatio", "10");
    }

    /** As they were when this was made (min to 0 first: the JVM refuses a max below the min). */
    void putBack() {
        vm.setVMOption("MinHeapFreeRatio", "0");
        vm.setVMOption("MaxHeapFreeRatio", max);
        vm.setVMOption("MinHeapFreeRatio", min);
    }
}
