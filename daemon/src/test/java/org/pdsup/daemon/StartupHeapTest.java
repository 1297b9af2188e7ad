package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real JVM flags of this test JVM, narrowed as the launcher narrows them, then loosened and restored. */
class StartupHeapTest {
    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    private String min;
    private String max;

    @BeforeEach
    void remember() {
        min = vm.getVMOption("MinHeapFreeRatio").getValue();
        max = vm.getVMOption("MaxHeapFreeRatio").getValue();
    }

    @AfterEach
    void putBack() {
        vm.setVMOption("MinHeapFreeRatio", "0");
        vm.setVMOption("MaxHeapFreeRatio", max);
        vm.setVMOption("MinHeapFreeRatio", min);
    }

    private String ratios() {
        return vm.getVMOption("MinHeapFreeRatio").getValue() + "/" + vm.getVMOption("MaxHeapFreeRatio").getValue();
    }

    @Test
    void theLaunchersTightRatiosAreWidenedForStartAndPutBackAfter() {
        vm.setVMOption("MinHeapFreeRatio", "5");
        vm.setVMOption("MaxHeapFreeRatio", "10");
        StartupHeap.loosen();
        assertThat(ratios()).isEqualTo(StartupHeap.LOOSE_MIN + "/" + StartupHeap.LOOSE_MAX);
        StartupHeap.restore();
        assertThat(ratios()).isEqualTo("5/10");
        StartupHeap.restore(); // a second restore changes nothing
        assertThat(ratios()).isEqualTo("5/10");
    }

    @Test
    void ratiosAlreadyLooseAreLeftAlone() {
        vm.setVMOption("MaxHeapFreeRatio", "80");
        vm.setVMOption("MinHeapFreeRatio", "50");
        StartupHeap.loosen();
        assertThat(ratios()).isEqualTo("50/80");
        StartupHeap.restore();
        assertThat(ratios()).isEqualTo("50/80");
    }
}
