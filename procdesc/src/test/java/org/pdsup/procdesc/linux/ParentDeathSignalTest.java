package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pdsup.procdesc.linux.TestSupport.quiet;

import java.util.concurrent.atomic.AtomicReference;

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
        AtomicReference<ProcessDescriptor> spawned = new AtomicReference<>();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                spawned.set(pds.spawn(quiet("/bin/sleep", "30").build()));
            } catch (Exception e) {
                failed.set(e);
            }
        }, "short-lived-spawner");
        t.start();
        t.join();
        assertThat(failed.get()).isNull();
        try (ProcessDescriptor pd = spawned.get()) {
            assertThat(pd.waitFor().signal()).isEqualTo(Signal.KILL);
        }
    }
}
