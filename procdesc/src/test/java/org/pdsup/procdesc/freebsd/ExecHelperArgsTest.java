package org.pdsup.procdesc.freebsd;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ExecOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exec helper's argv contract (procdesc/src/main/c/pdsup-exec.c usage). */
class ExecHelperArgsTest {
    private static final Path HELPER = Path.of("/usr/local/libexec/pdsup-exec");
    private static final Path EXE = Path.of("/usr/local/bin/svc");

    @Test
    void forkAndPassWithEverything() {
        ExecOptions o = new ExecOptions(1001, 1002, List.of(1002, 5, 0), 027, 5,
                Map.of("nofile", 4096L, "core", Long.MAX_VALUE), true);
        assertThat(ExecHelperArgs.build(HELPER, 6, 7, true, o, EXE, List.of("svc", "-f"))).containsExactly(
                "/usr/local/libexec/pdsup-exec", "-S", "6", "-V", "3", "-F", "7", "-D", "-s",
                "-r", "core=unlimited", "-r", "nofile=4096", "-n", "5", "-m", "27", "-G", "1002,5,0",
                "-g", "1002", "-u", "1001", "--", "/usr/local/bin/svc", "svc", "-f");
    }

    /** LISTEN_PID (held sockets): {@code -L} after {@code -s}, in both modes. */
    @Test
    void listenPidIsAskedWithDashL() {
        assertThat(ExecHelperArgs.build(HELPER, 3, -1, false, ExecOptions.NONE.withSetsid(true), true, EXE,
                List.of("svc"))).containsExactly("/usr/local/libexec/pdsup-exec", "-S", "3", "-V", "3", "-s", "-L",
                "--", "/usr/local/bin/svc", "svc");
        assertThat(ExecHelperArgs.build(HELPER, 3, 4, true, ExecOptions.NONE, true, EXE, List.of("svc")))
                .containsExactly("/usr/local/libexec/pdsup-exec", "-S", "3", "-V", "3", "-F", "4", "-D", "-L",
                        "--", "/usr/local/bin/svc", "svc");
    }

    @Test
    void execInPlaceWithNothingToApply() {
        assertThat(ExecHelperArgs.build(HELPER, 3, -1, false, ExecOptions.NONE, EXE, List.of("svc")))
                .containsExactly("/usr/local/libexec/pdsup-exec", "-S", "3", "-V", "3", "--", "/usr/local/bin/svc", "svc");
        assertThat(ExecHelperArgs.needsHelper(ExecOptions.NONE)).isFalse();
    }

    @Test
    void neverPassesAParentDeathSignal() {
        ExecOptions o = new ExecOptions(0, 0, List.of(), 0, 0, Map.of(), true);
        assertThat(ExecHelperArgs.build(HELPER, 3, 4, false, o, EXE, List.of("svc"))).doesNotContain("-d", "-p");
    }

    @Test
    void emptyGroupListClearsGroups() {
        ExecOptions o = new ExecOptions(null, null, List.of(), null, null, Map.of(), false);
        assertThat(ExecHelperArgs.build(HELPER, 3, -1, false, o, EXE, List.of("svc")))
                .containsSubsequence("-G", "", "--");
        assertThat(ExecHelperArgs.needsHelper(o)).isTrue();
    }

    @Test
    void eachOptionAloneNeedsTheHelper() {
        assertThat(ExecHelperArgs.needsHelper(ExecOptions.NONE.withSetsid(true))).isTrue();
        assertThat(ExecHelperArgs.needsHelper(new ExecOptions(1, null, null, null, null, Map.of(), false))).isTrue();
        assertThat(ExecHelperArgs.needsHelper(new ExecOptions(null, 1, null, null, null, Map.of(), false))).isTrue();
        assertThat(ExecHelperArgs.needsHelper(new ExecOptions(null, null, null, 022, null, Map.of(), false))).isTrue();
        assertThat(ExecHelperArgs.needsHelper(new ExecOptions(null, null, null, null, 1, Map.of(), false))).isTrue();
        assertThat(ExecHelperArgs.needsHelper(new ExecOptions(null, null, null, null, null, Map.of("cpu", 1L), false))).isTrue();
    }

    @Test
    void badInputIsRejectedClearly() {
        ExecOptions badLimit = new ExecOptions(null, null, null, null, null, Map.of("files", 10L), false);
        assertThatThrownBy(() -> ExecHelperArgs.build(HELPER, 3, -1, false, badLimit, EXE, List.of("svc")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown resource limit 'files'");
        ExecOptions negative = new ExecOptions(null, null, null, null, null, Map.of("nofile", -1L), false);
        assertThatThrownBy(() -> ExecHelperArgs.build(HELPER, 3, -1, false, negative, EXE, List.of("svc")))
                .hasMessageContaining("nofile must be >= 0");
        ExecOptions umask = new ExecOptions(null, null, null, 01000, null, Map.of(), false);
        assertThatThrownBy(() -> ExecHelperArgs.build(HELPER, 3, -1, false, umask, EXE, List.of("svc")))
                .hasMessageContaining("umask out of range");
        assertThatThrownBy(() -> ExecHelperArgs.build(HELPER, 3, -1, true, ExecOptions.NONE, EXE, List.of("svc")))
                .hasMessageContaining("-D");
        assertThatThrownBy(() -> ExecHelperArgs.build(HELPER, 3, -1, false, ExecOptions.NONE, Path.of("svc"), List.of("svc")))
                .hasMessageContaining("not absolute");
    }

    @Test
    void thePrimaryGroupGoesFirstToSetgroups() {
        // before FreeBSD 15.0 setgroups(2) takes gidset[0] as the effective gid: with [a, b] and setgid(g) after
        // it, a was lost. The primary gid first is right under the old and the new semantics.
        ExecOptions o = new ExecOptions(1001, 1002, List.of(5, 6, 1002), null, null, Map.of(), false);
        assertThat(ExecHelperArgs.build(HELPER, 3, -1, false, o, EXE, List.of("svc")))
                .containsSubsequence("-G", "1002,5,6", "-g", "1002", "-u", "1001");
        assertThat(ExecHelperArgs.setgroupsList(7, List.of(8, 7, 9, 8))).containsExactly(7, 8, 9);
        assertThat(ExecHelperArgs.setgroupsList(7, List.of())).isEmpty();
        assertThatThrownBy(() -> ExecHelperArgs.setgroupsList(null, List.of(5)))
                .hasMessageContaining("would make the first of them the effective group");
    }

    @Test
    void aLoginClassIsPassedWithTheUser() {
        ExecOptions own = new ExecOptions(1001, 1002, null, null, null, Map.of(), true, "");
        assertThat(ExecHelperArgs.build(HELPER, 3, -1, false, own, EXE, List.of("svc")))
                .containsExactly(HELPER.toString(), "-S", "3", "-V", "3", "-s", "-c", "", "-g", "1002", "-u", "1001",
                        "--", EXE.toString(), "svc");
        ExecOptions named = new ExecOptions(1001, null, null, null, null, Map.of(), false, "daemon");
        assertThat(ExecHelperArgs.build(HELPER, 3, -1, false, named, EXE, List.of("svc")))
                .containsSubsequence("-c", "daemon", "-u", "1001");
        assertThat(ExecHelperArgs.needsHelper(named)).isTrue();
        assertThatThrownBy(() -> new ExecOptions(null, null, null, null, null, Map.of(), false, "daemon"))
                .hasMessageContaining("a login class needs a user id");
    }
}
