package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pdsup.procdesc.linux.TestSupport.quiet;
import static org.pdsup.procdesc.linux.TestSupport.testchild;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pdsup.procdesc.ExecHelper;
import org.pdsup.procdesc.ExecOptions;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.SpawnSpec;

/**
 * A spec that needs nothing of the exec helper but setsid is posix_spawned directly (POSIX_SPAWN_SETSID, then
 * pidfd_open) and supervised exactly like a helper-spawned one. The helper is replaced by a wrapper that notes
 * each run in a file and execs the real one, so the route each spec takes is seen from outside.
 */
class DirectSpawnTest {
    private static final ExecOptions SETSID = ExecOptions.NONE.withSetsid(true);

    @TempDir
    Path tmp;

    private String realHelper;
    private Path runs;

    @BeforeEach
    void wrapHelper() throws Exception {
        realHelper = System.getProperty(ExecHelper.HELPER_PROPERTY);
        Path helper = realHelper != null ? Path.of(realHelper) : ExecHelper.locate();
        runs = tmp.resolve("helper-runs");
        Path wrapper = tmp.resolve("pdsup-exec-wrapper");
        Files.writeString(wrapper, "#!/bin/sh\necho run >> '" + runs + "'\nexec '" + helper.toAbsolutePath()
                + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        System.setProperty(ExecHelper.HELPER_PROPERTY, wrapper.toString());
    }

    @AfterEach
    void restoreHelper() {
        if (realHelper == null) System.clearProperty(ExecHelper.HELPER_PROPERTY);
        else System.setProperty(ExecHelper.HELPER_PROPERTY, realHelper);
    }

    private int helperRuns() throws Exception {
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }

    /** Spawns {@code spec}, lets it exit, and says whether the exec helper ran for it. */
    private boolean wentThroughHelper(LinuxProcessDescriptors pds, SpawnSpec spec) throws Exception {
        int before = helperRuns();
        try (ProcessDescriptor pd = pds.spawn(spec)) {
            assertThat(pd.waitFor().code()).isZero();
        }
        return helperRuns() > before;
    }

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#helperModes")
    void onlySpecsWithHelperDutiesGoThroughTheHelper(SpawnMode mode) throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(mode);
        SpawnSpec.Builder exit0 = quiet(testchild(), "exit", "0").daemon(true);
        assertThat(wentThroughHelper(pds, exit0.credentials(ExecOptions.NONE).build())).as("daemon, no options")
                .isFalse();
        assertThat(wentThroughHelper(pds, exit0.credentials(SETSID).build())).as("daemon, setsid").isFalse();
        assertThat(wentThroughHelper(pds, exit0.directory(tmp).env("A", "b").passFd(5, 0).build()))
                .as("daemon, directory, environment, descriptors").isFalse();
        assertThat(wentThroughHelper(pds, quiet(testchild(), "exit", "0").daemon(true).credentials(
                new ExecOptions(null, null, null, 022, null, Map.of(), true)).build())).as("umask").isTrue();
        assertThat(wentThroughHelper(pds, quiet(testchild(), "exit", "0").daemon(true).credentials(
                new ExecOptions(null, null, null, null, null, Map.of("nofile", 512L), false)).build()))
                .as("rlimit").isTrue();
        assertThat(wentThroughHelper(pds, quiet(testchild(), "exit", "0").daemon(true).listenPid(true).build()))
                .as("LISTEN_PID").isTrue();
        assertThat(wentThroughHelper(pds, quiet(testchild(), "exit", "0").credentials(SETSID).build()))
                .as("not a daemon: parent-death signal").isTrue();
    }

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void directAndHelperSpawnsAreSupervisedAlike(SpawnMode mode) throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(mode);
        int runsBefore = helperRuns();
        for (boolean daemon : new boolean[] {true, false}) {
            String what = daemon ? "direct" : "helper";
            for (int code : new int[] {0, 3, 255}) {
                try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "exit", Integer.toString(code))
                        .daemon(daemon).credentials(SETSID).build())) {
                    assertThat(pd.waitFor().code()).as(what).isEqualTo(code);
                }
            }
            try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "pause").daemon(daemon).credentials(SETSID)
                    .build())) {
                assertThat(pd.isDaemon()).isEqualTo(daemon);
                int[] ids = sessionAndGroup(pd.pid());
                assertThat(ids).as(what + ": session and process group led by the service")
                        .containsExactly(pd.pid(), pd.pid());
                pd.signal(Signal.KILL);
                ExitStatus s = pd.waitFor();
                assertThat(s.kind()).isEqualTo(ExitStatus.Kind.SIGNALED);
                assertThat(s.signal()).isEqualTo(Signal.KILL);
            }
            try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "pause").daemon(daemon).build())) {
                int[] self = sessionAndGroup(TestSupport.self());
                assertThat(sessionAndGroup(pd.pid())).as(what + ": without setsid, ours").containsExactly(self[0],
                        self[1]);
            }
            try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "burn", "200").daemon(daemon)
                    .credentials(SETSID).build())) {
                Duration user = pd.waitFor().resourceUsage().orElseThrow().userCpu();
                assertThat(user).as(what).isGreaterThanOrEqualTo(Duration.ofMillis(190));
            }
            Path out = tmp.resolve(what + ".out");
            Path dir = Files.createDirectories(tmp.resolve(what + "-cwd"));
            try (ProcessDescriptor pd = pds.spawn(SpawnSpec.builder(List.of("/bin/sh", "-c", "pwd; env | sort"))
                    .environment(Map.of("PATH", "/usr/bin:/bin", "ONLY", "this")).directory(dir).daemon(daemon)
                    .credentials(SETSID).stdout(Redirect.file(out, false)).build())) {
                assertThat(pd.waitFor().code()).isZero();
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            assertThat(lines.get(0)).as(what + ": working directory").isEqualTo(dir.toRealPath().toString());
            assertThat(new TreeSet<>(lines.subList(1, lines.size()))).as(what + ": exactly the given environment")
                    .contains("ONLY=this", "PATH=/usr/bin:/bin").allMatch(l -> !l.startsWith("JAVA")
                            && !l.startsWith("LISTEN_"));
        }
        if (mode == SpawnMode.FORK_SERVER) {
            // the helper runs twice to start the server (hand-off, then the server's exec), at most once per JVM
            assertThat(helperRuns() - runsBefore).as("no spawn ran the helper").isLessThanOrEqualTo(2);
        } else {
            assertThat(helperRuns() - runsBefore).as("only the non-daemon runs used the helper")
                    .isEqualTo(3 + 1 + 1 + 1 + 1);
        }
    }

    /** close() of a daemon releases it (persist); of a non-daemon, kills it (terminate on close). */
    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void closeKillsOnlyNonDaemons(SpawnMode mode) throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(mode);
        ProcessDescriptor helperSpawned = pds.spawn(quiet(testchild(), "pause").credentials(SETSID).build());
        int killedPid = helperSpawned.pid();
        helperSpawned.close();
        assertThat(Files.exists(Path.of("/proc", Integer.toString(killedPid)))).as("terminated on close").isFalse();

        ProcessDescriptor direct = pds.spawn(quiet(testchild(), "pause").daemon(true).credentials(SETSID).build());
        int pid = direct.pid();
        long start = ProcStat.read(pid).orElseThrow().startTicks();
        direct.close();
        try (ProcessDescriptor again = pds.adopt(pid, direct.startTime())) {
            assertThat(again.isAlive()).as("a daemon survives close").isTrue();
            assertThat(ProcStat.read(pid).orElseThrow().startTicks()).isEqualTo(start);
            again.signal(Signal.KILL);
        }
        // the adopted descriptor cannot reap: our own child is still to be collected
        LinuxSpawner.reapBlocking(pid);
    }

    /**
     * Max RSS of a direct spawn: exec recorded the JVM's peak, so a value at or below the JVM's peak is not shown,
     * and one above it is the service's own.
     */
    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#helperModes")
    void maxRssOfADirectSpawnIsShownOnlyAboveTheSupervisorsPeak(SpawnMode mode) throws Exception {
        LinuxProcessDescriptors pds = LinuxProcessDescriptors.withMode(mode);
        try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "exit", "0").daemon(true).build())) {
            assertThat(pd.waitFor().resourceUsage().orElseThrow().maxRssBytes()).as("a small service").isEmpty();
        }
        long peakMiB = SupervisorPeak.kib() / 1024;
        long mib = peakMiB + 64;
        try (ProcessDescriptor pd = pds.spawn(quiet(testchild(), "alloc", Long.toString(mib)).daemon(true)
                .build())) {
            ExitStatus s = pd.waitFor();
            assertThat(s.code()).isZero();
            assertThat(s.resourceUsage().orElseThrow().maxRssBytes()).as("allocated %d MiB above a peak of %d MiB",
                    mib, peakMiB).isPresent();
            assertThat(s.resourceUsage().get().maxRssBytes().getAsLong()).isGreaterThanOrEqualTo(mib << 20)
                    .isLessThan((mib + 512) << 20);
        }
    }

    /** Session id and process group id of {@code pid}: /proc/PID/stat fields 6 and 5. */
    private static int[] sessionAndGroup(int pid) {
        String stat = TestSupport.read(Path.of("/proc", Integer.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return new int[] {Integer.parseInt(f[3]), Integer.parseInt(f[2])};
    }
}
