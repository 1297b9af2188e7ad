package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.pdsup.procdesc.linux.TestSupport.quiet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pdsup.procdesc.ExecOptions;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.Fds;
import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.posix.Posix;

/** Signals go through the pidfd: after the exit they fail, and they can never reach a process that reused the PID. */
class SignalTest {

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void signalAfterReapFailsWithNoSuchProcess(SpawnMode mode) throws Exception {
        try (ProcessDescriptor pd = LinuxProcessDescriptors.withMode(mode).spawn(quiet("/bin/true").build())) {
            assertThat(pd.waitFor().code()).isZero();
            assertThatThrownBy(() -> pd.signal(Signal.TERM))
                    .isInstanceOf(NoSuchProcessException.class)
                    .hasMessage("process " + pd.pid() + " has exited");
            assertThatThrownBy(() -> pd.signalGroup(Signal.TERM)).isInstanceOf(NoSuchProcessException.class);
        }
    }

    /**
     * The call is decided by the descriptor, not the PID: while the exited child is still an unreaped zombie,
     * kill(pid, 0) succeeds (the PID exists) but signal() reports that the process has exited.
     */
    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void signalToAZombieFailsThoughThePidExists(SpawnMode mode) throws Exception {
        try (LinuxProcessDescriptor pd = (LinuxProcessDescriptor) LinuxProcessDescriptors.withMode(mode)
                .spawn(quiet("/bin/true").build())) {
            assertThat(pd.awaitExit(-1)).isTrue();
            assertThat(ProcStat.read(pd.pid()).orElseThrow().state()).isEqualTo('Z');
            assertThat(Posix.libc().kill(pd.pid(), 0)).isZero();
            assertThatThrownBy(() -> pd.signal(Signal.KILL)).isInstanceOf(NoSuchProcessException.class);
            assertThat(pd.tryWait()).map(ExitStatus::code).contains(0);
        }
    }

    /**
     * A late signal cannot hit a process that reused the PID: the PID of a reaped child is handed to a new process
     * (through /proc/sys/kernel/ns_last_pid, root only); the old descriptor's SIGKILL fails and the new process
     * later dies of our SIGTERM, not of SIGKILL.
     */
    @Test
    void lateSignalCannotReachAProcessThatReusedThePid() throws Exception {
        assumeTrue(TestSupport.isRoot(), "needs root to write /proc/sys/kernel/ns_last_pid; skipped");
        LinuxProcessDescriptors direct = LinuxProcessDescriptors.withMode(SpawnMode.DIRECT);
        // a daemon without exec options is one posix_spawn, no helper: it takes exactly the next PID
        try (ProcessDescriptor old = direct.spawn(quiet("/bin/true").daemon(true).build())) {
            old.waitFor();
            ProcessDescriptor reuser = null;
            for (int attempt = 0; attempt < 20 && reuser == null; attempt++) {
                if (!writeLastPid(old.pid() - 1)) break;
                ProcessDescriptor candidate = direct.spawn(quiet("/bin/sleep", "30").daemon(true).build());
                if (candidate.pid() == old.pid()) {
                    reuser = candidate;
                } else {
                    candidate.signal(Signal.KILL);
                    candidate.waitFor();
                    candidate.close();
                }
            }
            assumeTrue(reuser != null, "could not get PID " + old.pid() + " reused (ns_last_pid); skipped");
            try (ProcessDescriptor fresh = reuser) {
                assertThatThrownBy(() -> old.signal(Signal.KILL)).isInstanceOf(NoSuchProcessException.class);
                // the kernel itself refuses, not only our bookkeeping: the old pidfd names the reaped process
                assertThat(Linux.libc().pidfd_send_signal(old.fd(), LinuxSignals.number(Signal.KILL), null, 0))
                        .isEqualTo(-1);
                assertThat(Linux.errno()).isEqualTo(LinuxConstants.ESRCH);
                assertThat(fresh.isAlive()).isTrue();
                fresh.signal(Signal.TERM);
                assertThat(fresh.waitFor().signal()).isEqualTo(Signal.TERM);
            }
        }
    }

    private static boolean writeLastPid(int pid) {
        try {
            Files.writeString(Path.of("/proc/sys/kernel/ns_last_pid"), Integer.toString(pid));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** signalGroup reaches the grandchildren of a session leader (stop mode = group). */
    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void signalGroupReachesGrandchildren(SpawnMode mode) throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(mode);
        pds.becomeSubreaper(); // the grandchild, orphaned by the kill, comes to us and is reaped below
        Pipe out = pds.pipe();
        ProcessDescriptor grandchild;
        try (ProcessDescriptor leader = pds.spawn(quiet("/bin/sh", "-c", "/bin/sleep 30 & echo $!; wait")
                .stdout(Redirect.fd(out.writeFd())).credentials(ExecOptions.NONE.withSetsid(true)).build())) {
            Fds.close(out.writeFd());
            int gpid = Integer.parseInt(readLine(out.readFd()));
            Fds.close(out.readFd());
            ProcStat stat = ProcStat.read(gpid).orElseThrow();
            grandchild = pds.adopt(gpid, stat.startTime());
            assertThat(ProcStat.read(leader.pid()).orElseThrow()).isNotNull();
            leader.signalGroup(Signal.TERM);
            assertThat(leader.waitFor().signal()).isEqualTo(Signal.TERM);
            assertThat(grandchild.waitFor().kind()).isEqualTo(ExitStatus.Kind.UNKNOWN);
            grandchild.close();
        }
        pds.reapOrphans();
    }

    @Test
    void signalNumbersAreLinuxOnes() {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(SpawnMode.DIRECT);
        assertThat(pds.signalNumber(Signal.USR1)).isEqualTo(10);
        assertThat(pds.signalNumber(Signal.CHLD)).isEqualTo(17);
        assertThat(pds.signalOf(15)).contains(Signal.TERM);
        assertThat(pds.signalOf(64)).isEmpty();
    }

    static String readLine(int fd) {
        StringBuilder sb = new StringBuilder();
        byte[] b = new byte[1];
        while (Fds.read(fd, b, 0, 1) == 1 && b[0] != '\n') sb.append(new String(b, StandardCharsets.US_ASCII));
        return sb.toString();
    }
}
