package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pdsup.procdesc.linux.TestSupport.quiet;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Signal;

/** Re-adopting a running process by PID and start time (persistent services across supervisor restarts). */
class AdoptTest {

    private final LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(SpawnMode.DIRECT);

    @Test
    void adoptsWithTheRightStartTimeAndNeverKillsOnClose() throws Exception {
        try (ProcessDescriptor original = pds.spawn(quiet("/bin/sleep", "30").daemon(true).build())) {
            ProcessDescriptor adopted = pds.adopt(original.pid(), original.startTime());
            assertThat(adopted.pid()).isEqualTo(original.pid());
            assertThat(adopted.isAdopted()).isTrue();
            assertThat(adopted.isDaemon()).isTrue();
            assertThat(adopted.isAlive()).isTrue();
            assertThat(adopted.startTime()).isEqualTo(original.startTime());
            adopted.close();
            assertThat(original.isAlive()).isTrue(); // closing an adopted descriptor never kills

            try (ProcessDescriptor again = pds.adopt(original.pid(), original.startTime())) {
                again.signal(Signal.TERM); // signals go through the adopted pidfd
                assertThat(again.waitFor()).isEqualTo(ExitStatus.unknown()); // not our child: no status
                assertThat(again.toString()).contains("adopted");
                assertThatThrownBy(() -> again.signal(Signal.TERM)).isInstanceOf(NoSuchProcessException.class);
            }
            assertThat(original.waitFor().signal()).isEqualTo(Signal.TERM); // the real parent still gets it
        }
    }

    @Test
    void refusesAWrongStartTime() throws Exception {
        try (ProcessDescriptor pd = pds.spawn(quiet("/bin/sleep", "30").build())) {
            assertThatThrownBy(() -> pds.adopt(pd.pid(), pd.startTime().minusSeconds(1)))
                    .isInstanceOf(NoSuchProcessException.class)
                    .hasMessageContaining("process " + pd.pid() + " started at")
                    .hasMessageContaining("the PID now names another process");
            // two clock ticks off is already another process
            assertThatThrownBy(() -> pds.adopt(pd.pid(), pd.startTime().plusNanos(2 * ProcStat.tickNanos())))
                    .isInstanceOf(NoSuchProcessException.class);
            assertThat(pd.isAlive()).isTrue();
        }
    }

    @Test
    void refusesAGonePid() throws Exception {
        ProcessDescriptor pd = pds.spawn(quiet("/bin/true").build());
        pd.waitFor();
        pd.close();
        assertThatThrownBy(() -> pds.adopt(pd.pid(), pd.startTime()))
                .isInstanceOf(NoSuchProcessException.class);
        assertThatThrownBy(() -> pds.adopt(0, pd.startTime())).isInstanceOf(NoSuchProcessException.class);
    }
}
