package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pdsup.procdesc.linux.TestSupport.quiet;


import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Signal;

/**
 * The helper sets PR_SET_PDEATHSIG(SIGKILL) for non-daemon services. Linux sends it when the spawning thread ends
 * (direct mode), which is why callers must spawn from a long-lived thread: shown here with a short-lived one.
 */
class ParentDeathSignalTest {

    @Test
    void directModeChildDiesWithTheThreadThatSpawnedIt() throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(SpawnMode.DIRECT);
        try (ProcessDescriptor pd = TestSupport.spawnOnShortLivedThread(pds, quiet("/bin/sleep", "30").build())) {
            assertThat(pd.waitFor().signal()).isEqualTo(Signal.KILL);
        }
    }
}
