package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pdsup.procdesc.linux.TestSupport.quiet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.SpawnSpec;

/** 1,000 spawn/exit cycles per mode leave no zombie and no extra descriptor in the JVM. */
class CyclesTest {

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void thousandCyclesLeakNothing(SpawnMode mode) throws Exception {
        int cycles = Integer.getInteger("pdsup.test.cycles", 1000);
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(mode);
        SpawnSpec spec = quiet("/bin/true").build();
        for (int i = 0; i < 20; i++) runOnce(pds, spec); // warm up: classes, jnr stubs, lazily opened jars
        int fdsBefore = TestSupport.selfFdCount();
        for (int i = 0; i < cycles; i++) runOnce(pds, spec);
        assertThat(TestSupport.zombieChildren()).isEmpty();
        // one leaked descriptor per cycle would show as +1000; allow the JVM a few of its own
        assertThat(TestSupport.selfFdCount()).isLessThanOrEqualTo(fdsBefore + 3);
    }

    private static void runOnce(LinuxProcessDescriptors pds, SpawnSpec spec) throws Exception {
        try (ProcessDescriptor pd = pds.spawn(spec)) {
            assertThat(pd.waitFor().code()).isZero();
        }
    }
}
