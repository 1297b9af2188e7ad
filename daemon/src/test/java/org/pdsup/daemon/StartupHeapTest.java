package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real JVM flags of this test JVM, narrowed as the launcher narrows them, then loosened and restored. */
class StartupHeapTest {
    private HeapFreeRatios ratios;

    @BeforeEach
    void remember() {
        ratios = new HeapFreeRatios();
    }

    @AfterEach
    void putBack() {
        ratios.putBack();
    }

    @Test
    void theLaunchersTightRatiosAreWidenedForStartAndPutBackAfter() {
        ratios.narrowAsTheLauncher();
        StartupHeap.loosen();
        assertThat(ratios.now()).isEqualTo(StartupHeap.LOOSE_MIN + "/" + StartupHeap.LOOSE_MAX);
        StartupHeap.restore();
        assertThat(ratios.now()).isEqualTo("5/10");
        StartupHeap.restore(); // a second restore changes nothing
        assertThat(ratios.now()).isEqualTo("5/10");
    }

    @Test
    void ratiosAlreadyLooseAreLeftAlone() {
        ratios.vm.setVMOption("MaxHeapFreeRatio", "95");
        ratios.vm.setVMOption("MinHeapFreeRatio", "75");
        StartupHeap.loosen();
        assertThat(ratios.now()).isEqualTo("75/95");
        StartupHeap.restore();
        assertThat(ratios.now()).isEqualTo("75/95");
    }
}
