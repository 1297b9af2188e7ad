package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** shellcheck (Debian's) on every shell script of the repository: one test per script. */
class ShellScriptsLintTest {

    @TestFactory
    Stream<DynamicTest> everyShellScriptPassesShellcheck() throws Exception {
        String shellcheck = Run.tool("shellcheck", "shellcheck");
        Path repo = Build.repo();
        return RepoFiles.shellScripts(repo).stream().map(script -> DynamicTest.dynamicTest(
                repo.relativize(script).toString(), () -> {
                    Run.Result r = Run.run(List.of(shellcheck, "--norc", script.toString()));
                    assertThat(r.exit()).as("shellcheck %s:\n%s", repo.relativize(script), r.out() + r.err())
                            .isZero();
                }));
    }

    @Test
    void theScriptsThisModuleShipsAreFound() throws Exception {
        List<String> found = RepoFiles.shellScripts(Build.repo()).stream()
                .map(p -> Build.repo().relativize(p).toString()).toList();
        assertThat(found).contains("rc.d/pdsupd", "packaging/src/bin/pdsup-launcher", "packaging/src/libexec/pdsup-cds",
                "packaging/freebsd/sysutils/pdsup/files/pdsupd.in", "scripts/test.sh",
                "scripts/install-test-deps.sh", ".ci/run", "packaging/src/completion/pdctl.bash");
    }
}
