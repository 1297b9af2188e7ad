package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pdsup.procdesc.linux.TestSupport.quiet;
import static org.pdsup.procdesc.linux.TestSupport.testchild;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.StartedSpawn;
import org.pdsup.procdesc.posix.Posix;

/**
 * {@link LinuxProcessDescriptors#startQuickly}: the fork server's exchange on the calling thread. It begins a spawn
 * only with a running server, gives back a child that runs towards its exec while the caller goes on, and declines
 * (null, nothing started, nothing left) when the server is dead or stopped, within its bound.
 */
class ForkServerQuickStartTest {
    private final LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(SpawnMode.FORK_SERVER);

    @BeforeEach
    void serverRuns() throws Exception {
        try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "exit", "0").build())) {
            assertThat(pd.waitFor().code()).isZero();
        }
        assertThat(ForkServer.runningPid()).as("a running fork server").isPositive();
    }

    @AfterEach
    void restoreBound() {
        ForkServer.quickReplyTimeout(ForkServer.QUICK_REPLY_TIMEOUT_MILLIS);
    }

    @Test
    void theChildIsOursBeforeFinishAndFinishGivesItsDescriptor() throws Exception {
        StartedSpawn started = pds.startQuickly(quiet(testchild(), "exit", "7").build());
        assertThat(started).as("a quick start with a running server").isNotNull();
        assertThat(started.pid()).isPositive();
        assertThat(ChildRegistry.isTracked(started.pid())).as("tracked before its exec").isTrue();
        try (ProcessDescriptor pd = started.finish()) {
            assertThat(pd.pid()).isEqualTo(started.pid());
            assertThat(pd.waitFor().code()).isEqualTo(7);
        }
    }

    @Test
    void aProgramThatCannotRunFailsInFinishWithItsPathAndLeavesNoChild() throws Exception {
        StartedSpawn started = pds.startQuickly(quiet("/nonexistent/pdsup-quick", "x").build());
        assertThat(started).isNotNull();
        int pid = started.pid();
        assertThatThrownBy(started::finish).isInstanceOf(SpawnException.class)
                .hasMessageContaining("/nonexistent/pdsup-quick");
        assertThat(Files.exists(Path.of("/proc", Integer.toString(pid)))).as("the failed child reaped").isFalse();
        assertThat(ChildRegistry.isTracked(pid)).isFalse();
    }

    @Test
    void aDeadServerIsDiscardedAndTheQuickStartDeclines() throws Exception {
        int dead = ForkServer.runningPid();
        assertThat(Posix.libc().kill(dead, 9)).isZero();
        assertThat(pds.startQuickly(quiet(testchild(), "exit", "0").build())).as("declined").isNull();
        assertThat(ForkServer.runningPid()).as("no server until the next ordinary spawn").isEqualTo(-1);
        assertThat(Files.exists(Path.of("/proc", Integer.toString(dead)))).as("the dead server reaped").isFalse();
        assertThat(pds.startQuickly(quiet(testchild(), "exit", "0").build())).as("still none to ask").isNull();
        try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "exit", "3").build())) {
            assertThat(pd.waitFor().code()).isEqualTo(3);
        }
        assertThat(ForkServer.runningPid()).isPositive().isNotEqualTo(dead);
    }

    /** A stopped server holds the caller no longer than the quick bound, and clones nothing. */
    @Test
    void aStoppedServerIsDiscardedAfterTheQuickBound() throws Exception {
        int stopped = ForkServer.runningPid();
        ForkServer.quickReplyTimeout(100);
        assertThat(Posix.libc().kill(stopped, 19)).isZero(); // SIGSTOP
        assertThat(pds.startQuickly(quiet(testchild(), "exit", "0").build())).as("declined").isNull();
        assertThat(ForkServer.runningPid()).isEqualTo(-1);
        assertThat(Files.exists(Path.of("/proc", Integer.toString(stopped)))).as("the stopped server killed, reaped")
                .isFalse();
        try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "exit", "4").build())) {
            assertThat(pd.waitFor().code()).isEqualTo(4);
        }
    }
}
