package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pdsup.procdesc.linux.TestSupport.quiet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Signal;

/** Terminate-on-close (emulated on Linux) and the daemon flag that survives it. */
class CloseTest {

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void closeKillsAndReapsARunningChild(SpawnMode mode) throws Exception {
        LinuxProcessDescriptor pd = (LinuxProcessDescriptor) LinuxProcessDescriptors.withMode(mode)
                .spawn(quiet("/bin/sleep", "30").build());
        int pid = pd.pid();
        assertThat(pd.isAlive()).isTrue();
        pd.close();
        assertThat(ProcStat.read(pid)).isEmpty(); // killed and reaped: no zombie left
        assertThat(pd.knownStatus()).map(ExitStatus::signal).contains(Signal.KILL);
        assertThat(pd.fd()).isEqualTo(-1);
        assertThat(pd.isAlive()).isFalse();
        pd.close(); // idempotent
        assertThatThrownBy(() -> pd.signal(Signal.TERM)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void daemonSurvivesClose(SpawnMode mode) throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(mode);
        ProcessDescriptor pd = pds.spawn(quiet("/bin/sleep", "30").daemon(true).build());
        int pid = pd.pid();
        assertThat(pd.isDaemon()).isTrue();
        pd.close();
        assertThat(ProcStat.read(pid).orElseThrow().state()).isNotEqualTo('Z');
        // still alive: take it back and end it ourselves
        try (ProcessDescriptor again = pds.adopt(pid, pd.startTime())) {
            assertThat(again.isAlive()).isTrue();
            again.signal(Signal.KILL);
            assertThat(again.waitFor().kind()).isEqualTo(ExitStatus.Kind.UNKNOWN);
        }
        // it is our child, untracked since its descriptor was closed (twice: another test's exited child may
        // stand first in line, and reapOrphans looks past it on the second call)
        pds.reapOrphans();
        pds.reapOrphans();
        assertThat(ProcStat.read(pid)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void closeAfterExitKeepsTheStatus(SpawnMode mode) throws Exception {
        LinuxProcessDescriptor pd = (LinuxProcessDescriptor) LinuxProcessDescriptors.withMode(mode)
                .spawn(quiet("/bin/sh", "-c", "exit 5").build());
        pd.awaitExit(-1);
        pd.close(); // exited but unreaped: close reaps it (the SIGKILL finds nobody)
        assertThat(pd.knownStatus()).map(ExitStatus::code).contains(5);
        assertThat(pd.tryWait()).map(ExitStatus::code).contains(5);
    }
}
