package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.pdsup.procdesc.linux.TestSupport.quiet;
import static org.pdsup.procdesc.linux.TestSupport.statusField;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pdsup.procdesc.Accounts;
import org.pdsup.procdesc.ExecOptions;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.SpawnException;

/** User, groups, umask, nice, rlimits and setsid applied by pdsup-exec, read back from /proc. */
class CredentialsTest {

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void runsAsNobodyWithUmaskNiceLimitAndSession(SpawnMode mode) throws Exception {
        assumeTrue(TestSupport.isRoot(), "changing the user needs root; credentials test skipped");
        Accounts.User nobody = Accounts.system().userByName("nobody").orElseThrow();
        ExecOptions o = new ExecOptions(nobody.uid(), nobody.gid(), List.of(nobody.gid()), 027, 3,
                Map.of("nofile", 1234L, "core", 0L), true);
        try (ProcessDescriptor pd = LinuxProcessDescriptors.withMode(mode)
                .spawn(quiet("/bin/sleep", "30").credentials(o).build())) {
            int pid = pd.pid();
            String uid = Integer.toString(nobody.uid());
            String gid = Integer.toString(nobody.gid());
            assertThat(statusField(pid, "Uid")).isEqualTo(String.join(" ", uid, uid, uid, uid));
            assertThat(statusField(pid, "Gid")).isEqualTo(String.join(" ", gid, gid, gid, gid));
            assertThat(statusField(pid, "Groups")).isEqualTo(gid);
            assertThat(statusField(pid, "Umask")).isEqualTo("0027");
            assertThat(limit(pid, "Max open files")).isEqualTo("1234 1234 files");
            assertThat(limit(pid, "Max core file size")).isEqualTo("0 0 bytes");
            String[] stat = TestSupport.read(Path.of("/proc", "" + pid, "stat")).replaceFirst("^.*\\) ", "").split(" ");
            assertThat(Integer.parseInt(stat[3])).as("session id").isEqualTo(pid);   // field 6
            assertThat(Integer.parseInt(stat[2])).as("process group").isEqualTo(pid); // field 5
            assertThat(Integer.parseInt(stat[16])).as("nice").isEqualTo(3);          // field 19
        }
    }

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void withoutSetsidTheChildStaysInOurGroup(SpawnMode mode) throws Exception {
        try (ProcessDescriptor pd = LinuxProcessDescriptors.withMode(mode).spawn(quiet("/bin/sleep", "30").build())) {
            String[] stat = TestSupport.read(Path.of("/proc", "" + pd.pid(), "stat")).replaceFirst("^.*\\) ", "").split(" ");
            String[] self = TestSupport.read(Path.of("/proc/self/stat")).replaceFirst("^.*\\) ", "").split(" ");
            assertThat(stat[2]).isEqualTo(self[2]);
        }
    }

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void unknownRlimitIsRejectedBeforeSpawning(SpawnMode mode) {
        ExecOptions o = new ExecOptions(null, null, null, null, null, Map.of("bogus", 1L), false);
        assertThatThrownBy(() -> LinuxProcessDescriptors.withMode(mode).spawn(quiet("/bin/true").credentials(o).build()))
                .isInstanceOf(SpawnException.class)
                .hasMessageStartingWith("unknown rlimit 'bogus' for /bin/true (known: as, core, cpu,");
    }

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void setuidFailureIsReportedWhenNotRoot(SpawnMode mode) {
        assumeTrue(!TestSupport.isRoot(), "root may change its user id; the failure path is covered by rlimits");
        ExecOptions o = new ExecOptions(0, null, null, null, null, Map.of(), false);
        assertThatThrownBy(() -> LinuxProcessDescriptors.withMode(mode).spawn(quiet("/bin/true").credentials(o).build()))
                .isInstanceOf(SpawnException.class)
                .hasMessage("cannot set user id 0 for /bin/true: Operation not permitted (EPERM)");
    }

    private static String limit(int pid, String name) {
        for (String line : TestSupport.read(Path.of("/proc", "" + pid, "limits")).split("\n")) {
            if (line.startsWith(name)) return line.substring(name.length()).trim().replaceAll("\\s+", " ");
        }
        throw new AssertionError("no " + name + " in /proc/" + pid + "/limits");
    }
}
