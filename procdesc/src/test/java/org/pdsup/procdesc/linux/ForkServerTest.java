package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pdsup.procdesc.linux.TestSupport.quiet;
import static org.pdsup.procdesc.linux.TestSupport.testchild;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.SpawnSpec;

/**
 * The fork server ({@link SpawnMode#FORK_SERVER}): one server process serves every spawn; each service is the
 * JVM's own child (CLONE_PARENT), tied to the JVM rather than to the spawning thread, with its own max RSS; the
 * server holds a handful of descriptors whatever the JVM holds; a server that dies is replaced at the next spawn
 * and leaves no zombie.
 */
class ForkServerTest {
    private final LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(SpawnMode.FORK_SERVER);

    @Test
    void everyServiceIsTheJvmsChildAndOneServerServesThemAll() throws Exception {
        List<ProcessDescriptor> running = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) running.add(pds.spawn(quiet("/bin/sleep", "30").build()));
            int server = ForkServer.runningPid();
            assertThat(server).isPositive();
            for (ProcessDescriptor pd : running) {
                assertThat(ProcStat.read(pd.pid()).orElseThrow().ppid()).as("parent of %d", pd.pid())
                        .isEqualTo(TestSupport.self());
            }
            assertThat(ProcStat.read(server).orElseThrow().ppid()).as("the server's parent").isEqualTo(TestSupport.self());
            assertThat(ForkServer.runningPid()).isEqualTo(server);
        } finally {
            for (ProcessDescriptor pd : running) pd.close();
        }
    }

    @Test
    void theServerHoldsAFewDescriptorsWhateverTheJvmHolds() throws Exception {
        List<Integer> held = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) held.add(openReadOnly("/dev/null"));
            try (ProcessDescriptor pd = pds.spawn(quiet("/bin/sleep", "30").build())) {
                assertThat(TestSupport.settledFds(pd.pid(), 0, 1, 2)).containsExactly(0, 1, 2);
                assertThat(TestSupport.openFds(ForkServer.runningPid())).as("the server's own descriptors")
                        .hasSizeLessThanOrEqualTo(4);
            }
        } finally {
            for (int fd : held) org.pdsup.procdesc.Fds.close(fd);
        }
    }

    @Test
    void maxRssIsTheServicesOwnEvenBelowTheJvmsPeak() throws Exception {
        long jvmPeakKib = SupervisorPeak.kib();
        assertThat(jvmPeakKib).as("this test needs a JVM peak above 20 MiB").isGreaterThan(20 * 1024);
        try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "exit", "0").build())) {
            long rss = pd.waitFor().resourceUsage().orElseThrow().maxRssBytes().orElseThrow();
            assertThat(rss).as("a small service's max RSS").isPositive().isLessThan(16L << 20)
                    .isLessThan(jvmPeakKib * 1024);
        }
        try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "alloc", "40").build())) {
            long rss = pd.waitFor().resourceUsage().orElseThrow().maxRssBytes().orElseThrow();
            assertThat(rss).as("40 MiB allocated").isGreaterThanOrEqualTo(40L << 20).isLessThan(200L << 20);
        }
    }

    /** In direct mode the child would die with this thread (ParentDeathSignalTest); here it is tied to the JVM. */
    @Test
    void aServiceOutlivesTheThreadThatSpawnedIt() throws Exception {
        try (ProcessDescriptor pd = TestSupport.spawnOnShortLivedThread(pds, quiet("/bin/sleep", "30").build())) {
            // a parent-death signal would have been sent as the thread ended; the service must still run
            assertThat(TestSupport.statusField(pd.pid(), "State")).doesNotStartWith("Z");
            assertThat(pd.isAlive()).isTrue();
            pd.signal(Signal.TERM);
            assertThat(pd.waitFor().signal()).isEqualTo(Signal.TERM);
        }
    }

    @Test
    void aKilledServerIsReplacedAtTheNextSpawnAndLeavesNoZombie() throws Exception {
        try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "exit", "0").build())) {
            assertThat(pd.waitFor().code()).isZero();
        }
        int old = ForkServer.runningPid();
        kill(old, 9);
        try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "exit", "7").build())) {
            ExitStatus s = pd.waitFor();
            assertThat(s.code()).isEqualTo(7);
        }
        int now = ForkServer.runningPid();
        assertThat(now).isPositive().isNotEqualTo(old);
        assertThat(Files.exists(Path.of("/proc", Integer.toString(old)))).as("the old server reaped").isFalse();
        assertThat(TestSupport.zombieChildren()).doesNotContain(old);
    }

    /**
     * A reply the JVM could not take (say, no descriptor left for the pidfd): the child it names has not exec'd,
     * because it waits for the JVM's 'G'; it is ended and the spawn tried again, so the service runs once.
     */
    @Test
    void aChildWhoseReplyWasLostNeverRunsTheService(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path ran = tmp.resolve("ran");
        ForkServer.loseNextReply();
        try (ProcessDescriptor pd = pds.spawn(quiet("/bin/sh", "-c", "echo $$ >> '" + ran + "'; exec sleep 30")
                .credentials(org.pdsup.procdesc.ExecOptions.NONE.withSetsid(true)).build())) {
            List<String> lines = waitForLines(ran);
            assertThat(lines).as("runs of the service").containsExactly(Integer.toString(pd.pid()));
            assertThat(TestSupport.zombieChildren()).as("zombies (comm: %s)", comms(TestSupport.zombieChildren()))
                    .isEmpty();
        }
    }

    private static List<String> comms(List<Integer> pids) {
        List<String> out = new ArrayList<>();
        for (int pid : pids) {
            try {
                out.add(pid + " " + Files.readString(Path.of("/proc", Integer.toString(pid), "comm")).trim());
            } catch (java.io.IOException e) {
                out.add(pid + " gone");
            }
        }
        return out;
    }

    private static List<String> waitForLines(Path file) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) Thread.sleep(10);
        Thread.sleep(200); // a second run, were there one, writes within this
        return Files.readAllLines(file);
    }

    /** A stopped server does not hold spawns forever: after the reply timeout it is killed and replaced. */
    @Test
    void aStoppedServerIsReplacedAfterTheReplyTimeout() throws Exception {
        try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "exit", "0").build())) {
            assertThat(pd.waitFor().code()).isZero();
        }
        int stopped = ForkServer.runningPid();
        kill(stopped, 19); // SIGSTOP
        ForkServer.replyTimeout(300);
        try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "exit", "5").build())) {
            assertThat(pd.waitFor().code()).isEqualTo(5);
        } finally {
            ForkServer.replyTimeout(ForkServer.REPLY_TIMEOUT_MILLIS);
        }
        assertThat(ForkServer.runningPid()).isNotEqualTo(stopped);
        assertThat(Files.exists(Path.of("/proc", Integer.toString(stopped)))).as("the stopped server reaped").isFalse();
    }

    /** More descriptors than one message carries: the spawn takes the helper's hand-off instead. */
    @Test
    void aSpecWithMoreDescriptorsThanOneMessageCarriesStillStarts() throws Exception {
        int devNull = openReadOnly("/dev/null");
        try {
            SpawnSpec.Builder b = quiet("/bin/sleep", "30");
            for (int slot = 3; slot < 3 + ForkServer.MAX_FDS; slot++) b.passFd(slot, devNull);
            try (ProcessDescriptor pd = pds.spawn(b.build())) {
                assertThat(TestSupport.openFds(pd.pid())).hasSize(3 + ForkServer.MAX_FDS);
                assertThat(ProcStat.read(pd.pid()).orElseThrow().ppid()).isEqualTo(TestSupport.self());
            }
        } finally {
            org.pdsup.procdesc.Fds.close(devNull);
        }
    }

    @Test
    void inheritedStdioIsTheJvmsOwnDescriptor() throws Exception {
        try (ProcessDescriptor pd = pds.spawn(quiet("/bin/sleep", "30").stderr(Redirect.inherit()).build())) {
            assertThat(TestSupport.settledFds(pd.pid(), 0, 1, 2)).containsExactly(0, 1, 2);
            assertThat(Files.readSymbolicLink(Path.of("/proc", "" + pd.pid(), "fd", "2")))
                    .isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/fd/2")));
        }
    }

    private static int openReadOnly(String path) {
        int fd = org.pdsup.procdesc.posix.Posix.libc().open(path, LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC,
                0);
        assertThat(fd).isNotNegative();
        return fd;
    }

    private static void kill(int pid, int sig) {
        assertThat(org.pdsup.procdesc.posix.Posix.libc().kill(pid, sig)).isZero();
    }
}
