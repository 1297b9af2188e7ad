package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pdsup.procdesc.linux.TestSupport.quiet;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.Fds;
import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Redirect;

/** As subreaper the JVM inherits orphans; reapOrphans reaps them and never a child a descriptor tracks. */
class ReapOrphansTest {

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void reapsAnOrphanButNeverATrackedChild(SpawnMode mode) throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(mode);
        pds.becomeSubreaper();
        // a tracked child that has exited but is not reaped yet: first in the kernel's list of our children
        try (LinuxProcessDescriptor tracked = (LinuxProcessDescriptor) pds.spawn(quiet("/bin/true").build())) {
            tracked.awaitExit(-1);
            Pipe out = pds.pipe();
            int orphanPid;
            try (ProcessDescriptor sh = pds.spawn(quiet("/bin/sh", "-c", "/bin/sleep 0.2 & echo $!")
                    .stdout(Redirect.fd(out.writeFd())).build())) {
                Fds.close(out.writeFd());
                orphanPid = Integer.parseInt(SignalTest.readLine(out.readFd()));
                Fds.close(out.readFd());
                assertThat(sh.waitFor().code()).isZero();
            }
            // the orphan is now our child; wait for its exit through a pidfd without reaping it
            try (ProcessDescriptor orphan = pds.adopt(orphanPid, ProcStat.read(orphanPid).orElseThrow().startTime())) {
                assertThat(orphan.waitFor()).isEqualTo(ExitStatus.unknown());
            }
            ProcStat zombie = ProcStat.read(orphanPid).orElseThrow();
            assertThat(zombie.state()).isEqualTo('Z');
            assertThat(zombie.ppid()).isEqualTo(TestSupport.self());

            // the peek sees both zombies and reaps neither
            assertThat(pds.exitedChildWaiting()).isTrue();
            assertThat(ProcStat.read(orphanPid).orElseThrow().state()).isEqualTo('Z');
            assertThat(ProcStat.read(tracked.pid()).orElseThrow().state()).isEqualTo('Z');

            // the tracked child stands first in line: the first call may return early, the second looks past it
            int reaped = pds.reapOrphans();
            reaped += pds.reapOrphans();
            assertThat(reaped).isGreaterThanOrEqualTo(1);

            assertThat(ProcStat.read(orphanPid)).isEmpty();                              // reaped
            assertThat(ProcStat.read(tracked.pid()).orElseThrow().state()).isEqualTo('Z'); // left alone
            assertThat(tracked.tryWait()).map(ExitStatus::code).contains(0);              // status intact
        }
        assertThat(pds.reapOrphans()).isZero();
        assertThat(pds.exitedChildWaiting()).isFalse(); // every exited child collected: nothing to wake a reaper for
    }

    @Test
    void bothWaysOfListingChildrenFindTheSameChildren() throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(SpawnMode.HELPER_FORK);
        List<ProcessDescriptor> kids = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) kids.add(pds.spawn(quiet("/bin/sleep", "30").build()));
            List<Integer> pids = kids.stream().map(ProcessDescriptor::pid).toList();
            assertThat(OrphanReaper.childrenFromStat()).containsAll(pids);
            if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/self/task/" + TestSupport.self()
                    + "/children"))) {
                assertThat(OrphanReaper.childrenFromTasks()).containsAll(pids)
                        .containsExactlyInAnyOrderElementsOf(OrphanReaper.childrenFromStat());
            }
        } finally {
            for (ProcessDescriptor k : kids) k.close();
        }
    }
}
