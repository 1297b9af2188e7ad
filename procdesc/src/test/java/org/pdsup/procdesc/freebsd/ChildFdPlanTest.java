package org.pdsup.procdesc.freebsd;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.SpawnSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/** The child's descriptor table as posix_spawn file actions (RFCFDG: 0, 1, 2, the passed fds, nothing else). */
class ChildFdPlanTest {

    private static SpawnSpec.Builder spec() {
        return SpawnSpec.builder(List.of("/bin/echo", "hi"));
    }

    @Test
    void defaultsOpenDevNullForStdinInheritOutputsAndCloseFromThree() {
        ChildFdPlan plan = ChildFdPlan.of(spec().build(), 0);
        assertThat(plan.closeFrom()).isEqualTo(3);
        assertThat(plan.parentSources()).isEmpty();
        assertThat(plan.actions(fd -> { throw new AssertionError("nothing to duplicate"); })).containsExactly(
                new FileAction.Open(0, "/dev/null", O_RDONLY, 0),
                new FileAction.CloseFrom(3));
    }

    @Test
    void everyRedirectPassedFdsDirectoryAndHelperDescriptors() {
        SpawnSpec s = spec().stdin(Redirect.fd(4)).stdout(Redirect.file(Path.of("/var/log/a.log"), true))
                .stderr(Redirect.devNull()).passFd(3, 10).passFd(5, 11).directory(Path.of("/srv/app")).build();
        ChildFdPlan plan = ChildFdPlan.of(s, 2).withExtra(0, 20).withExtra(1, 21);
        assertThat(plan.extraChildFd(0)).isEqualTo(6);
        assertThat(plan.extraChildFd(1)).isEqualTo(7);
        assertThat(plan.closeFrom()).isEqualTo(8);
        assertThat(plan.parentSources()).containsExactly(4, 10, 11, 20, 21);
        List<FileAction> actions = plan.actions(fd -> fd + 100);
        assertThat(actions).containsExactly(
                new FileAction.Dup2(104, 0),
                new FileAction.Open(1, "/var/log/a.log", O_WRONLY | O_CREAT | O_APPEND, 0644),
                new FileAction.Open(2, "/dev/null", O_WRONLY, 0),
                new FileAction.Dup2(110, 3),
                new FileAction.Dup2(111, 5),
                new FileAction.Dup2(120, 6),
                new FileAction.Dup2(121, 7),
                new FileAction.Chdir("/srv/app"),
                new FileAction.CloseFrom(8));
    }

    @Test
    void truncatingFileAndReadOnlyStdinFile() {
        SpawnSpec s = spec().stdin(Redirect.file(Path.of("/etc/motd"), false))
                .stderr(Redirect.file(Path.of("/tmp/e"), false)).build();
        assertThat(ChildFdPlan.of(s, 0).actions(fd -> fd)).containsExactly(
                new FileAction.Open(0, "/etc/motd", O_RDONLY, 0644),
                new FileAction.Open(2, "/tmp/e", O_WRONLY | O_CREAT | O_TRUNC, 0644),
                new FileAction.CloseFrom(3));
    }

    @Test
    void duplicatesMustLieAboveTheClosefromFloor() {
        // a duplicate below the floor could be overwritten by a dup2 or survive closefrom
        SpawnSpec s = spec().passFd(3, 3).build();
        ChildFdPlan plan = ChildFdPlan.of(s, 0);
        assertThat(plan.closeFrom()).isEqualTo(4);
        assertThatThrownBy(() -> plan.actions(fd -> 3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("below the child's closefrom(4)");
        assertThat(plan.actions(fd -> 4)).contains(new FileAction.Dup2(4, 3));
    }

    @Test
    void extraDescriptorsMustExist() {
        ChildFdPlan plan = ChildFdPlan.of(spec().build(), 1);
        assertThat(plan.extraChildFd(0)).isEqualTo(3);
        assertThatThrownBy(() -> plan.extraChildFd(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChildFdPlan.of(spec().build(), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
