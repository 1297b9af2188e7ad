package org.pdsup.procdesc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The helper's argv contract and the reading of its status line. */
class ExecHelperTest {

    private static final Path HELPER = Path.of("/opt/pdsup/libexec/pdsup-exec");

    @Test
    void argumentsFollowTheFixedOrder() throws Exception {
        ExecOptions o = new ExecOptions(65534, 65533, List.of(1, 2), 027, 5,
                Map.of("nofile", 1024L, "core", Long.MAX_VALUE), true);
        SpawnSpec spec = SpawnSpec.builder(List.of("/bin/prog", "a b", "c")).credentials(o).daemon(true).build();
        assertThat(ExecHelper.arguments(HELPER, spec, new ExecHelper.Wiring(3, 4, 0, 77)))
                .containsExactly("/opt/pdsup/libexec/pdsup-exec", "-S", "3", "-V", "3", "-F", "4", "-D", "-s",
                        "-r", "core=unlimited", "-r", "nofile=1024", "-n", "5", "-m", "27", "-G", "1,2",
                        "-g", "65533", "-u", "65534", "-p", "77", "--", "/bin/prog", "/bin/prog", "a b", "c");
    }

    @Test
    void minimalArgumentsAndEmptyGroups() throws Exception {
        SpawnSpec spec = SpawnSpec.builder(List.of("/bin/true"))
                .credentials(new ExecOptions(null, null, List.of(), null, null, Map.of(), false)).build();
        assertThat(ExecHelper.arguments(HELPER, spec, new ExecHelper.Wiring(5, -1, 9, 0)))
                .containsExactly(HELPER.toString(), "-S", "5", "-V", "3", "-G", "", "-d", "9", "--", "/bin/true", "/bin/true");
    }

    @Test
    void badRlimitsAreRejected() {
        SpawnSpec unknown = SpawnSpec.builder(List.of("/bin/true"))
                .credentials(new ExecOptions(null, null, null, null, null, Map.of("files", 1L), false)).build();
        assertThatThrownBy(() -> ExecHelper.arguments(HELPER, unknown, new ExecHelper.Wiring(3, -1, 0, 0)))
                .isInstanceOf(SpawnException.class).hasMessageStartingWith("unknown rlimit 'files' for /bin/true");
        SpawnSpec negative = SpawnSpec.builder(List.of("/bin/true"))
                .credentials(new ExecOptions(null, null, null, null, null, Map.of("nofile", -1L), false)).build();
        assertThatThrownBy(() -> ExecHelper.arguments(HELPER, negative, new ExecHelper.Wiring(3, -1, 0, 0)))
                .isInstanceOf(SpawnException.class).hasMessage("negative rlimit nofile = -1 for /bin/true");
    }

    @Test
    void aLoginClassIsRefusedOnLinux() {
        SpawnSpec spec = SpawnSpec.builder(Path.of("/bin/true"), List.of("true"))
                .credentials(new ExecOptions(1000, 1000, null, null, null, Map.of(), false, "daemon")).build();
        assertThatThrownBy(() -> ExecHelper.arguments(HELPER, spec, new ExecHelper.Wiring(3, -1, 0, 0)))
                .isInstanceOf(SpawnException.class)
                .hasMessage("cannot apply login class 'daemon' to /bin/true: login classes (login.conf) exist only on FreeBSD");
    }

    @Test
    void statusLinesBecomeClearExceptions() {
        assertThat(ExecHelper.parse("")).isNull();
        ExecHelper.Failure f = ExecHelper.parse("E 2 exec /no/such/bin\n");
        assertThat(f).isEqualTo(new ExecHelper.Failure(2, "exec", "/no/such/bin"));
        SpawnException e = ExecHelper.exception(f, Path.of("/no/such/bin"), n -> "No such file or directory",
                n -> "ENOENT", n -> false);
        assertThat(e).hasMessage("cannot execute /no/such/bin: No such file or directory (ENOENT)");
        assertThat(e.stage()).isEqualTo("exec");
        SpawnException limit = ExecHelper.exception(ExecHelper.parse("E 1 rlimit nofile"), Path.of("/x"),
                n -> "Operation not permitted", n -> "EPERM", n -> false);
        assertThat(limit).hasMessage("cannot set rlimit nofile for /x: Operation not permitted (EPERM)");
        assertThat(limit.stage()).isEqualTo("rlimit nofile");
        SpawnException fork = ExecHelper.exception(ExecHelper.parse("E 11 fork -"), Path.of("/x"),
                n -> "Resource temporarily unavailable", n -> "EAGAIN", n -> n == 11);
        assertThat(fork.transientFailure()).isTrue();
        assertThat(fork).hasMessage("cannot fork to start /x: Resource temporarily unavailable (EAGAIN)");
    }

    @Test
    void locateNamesWhereItLooked() {
        String savedHelper = System.getProperty(ExecHelper.HELPER_PROPERTY);
        String savedHome = System.getProperty(ExecHelper.HOME_PROPERTY);
        try {
            System.clearProperty(ExecHelper.HELPER_PROPERTY);
            System.setProperty(ExecHelper.HOME_PROPERTY, "/no/such/home");
            assertThatThrownBy(ExecHelper::locate).isInstanceOf(SpawnException.class)
                    .hasMessage("exec helper pdsup-exec not found or not executable at "
                            + "/no/such/home/libexec/pdsup-exec (from ${pdsup.home}/libexec/pdsup-exec)");
            System.clearProperty(ExecHelper.HOME_PROPERTY);
            assertThatThrownBy(ExecHelper::locate).isInstanceOf(SpawnException.class)
                    .hasMessageContaining("neither system property pdsup.exec.helper nor pdsup.home is set");
        } finally {
            if (savedHelper != null) System.setProperty(ExecHelper.HELPER_PROPERTY, savedHelper);
            if (savedHome != null) System.setProperty(ExecHelper.HOME_PROPERTY, savedHome);
        }
    }
}
