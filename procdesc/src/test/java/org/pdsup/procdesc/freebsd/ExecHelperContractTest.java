package org.pdsup.procdesc.freebsd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ExecOptions;
import org.pdsup.procdesc.SpawnException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The argv {@link ExecHelperArgs} builds and the status line {@link HelperStatus} parses, against the real exec
 * helper compiled from {@code src/main/c/pdsup-exec.c} (exec-in-place mode: the part of the contract that is the
 * same on both systems; fork-and-pass needs FreeBSD's pdfork and msghdr).
 */
class ExecHelperContractTest {
    private static Path helper;

    @BeforeAll
    static void compile() throws Exception {
        Path source = Path.of("src/main/c/pdsup-exec.c").toAbsolutePath();
        assumeThat(Files.exists(source)).as("exec helper source " + source).isTrue();
        assumeThat(FreeBsdAbiStub.compilerAvailable()).as("a C compiler (cc)").isTrue();
        Path dir = Files.createTempDirectory("pdsup-exec-contract");
        helper = dir.resolve("pdsup-exec");
        Result r = run(List.of("cc", "-O1", "-o", helper.toString(), source.toString()));
        assertThat(r.exit()).as("compiling the helper:\n" + r.out()).isZero();
    }

    private record Result(int exit, String out) {}

    private static Result run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("helper finished").isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void umaskNiceAndLimitsAreAppliedBeforeExec() throws Exception {
        ExecOptions o = new ExecOptions(null, null, null, 027, 3, Map.of("nofile", 64L, "core", 0L), false);
        List<String> argv = ExecHelperArgs.build(helper, 2, -1, false, o, Path.of("/bin/sh"),
                List.of("sh", "-c", "umask; ulimit -n; ulimit -c; ps -o nice= -p $$ | tr -d ' '"));
        Result r = run(argv);
        assertThat(r.exit()).as(r.out()).isZero();
        int baseNice = Integer.parseInt(run(List.of("sh", "-c", "ps -o nice= -p $$ | tr -d ' '")).out().trim());
        assertThat(r.out().lines()).containsExactly("0027", "64", "0", Integer.toString(baseNice + 3));
    }

    @Test
    void unlimitedIsUnderstood() throws Exception {
        ExecOptions o = new ExecOptions(null, null, null, null, null, Map.of("core", Long.MAX_VALUE), false);
        Result r = run(ExecHelperArgs.build(helper, 2, -1, false, o, Path.of("/bin/sh"), List.of("sh", "-c", "ulimit -c")));
        assertThat(r.out().trim()).isEqualTo("unlimited");
    }

    @Test
    void credentialsAreApplied() throws Exception {
        assumeThat(run(List.of("id", "-u")).out().trim()).as("needs root").isEqualTo("0");
        ExecOptions o = new ExecOptions(65534, 65534, List.of(65534), null, null, Map.of(), true);
        Result r = run(ExecHelperArgs.build(helper, 2, -1, false, o, Path.of("/bin/sh"),
                List.of("sh", "-c", "id -u; id -g; id -G; ps -o sid= -p $$ | tr -d ' '; echo $$")));
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as(r.out()).hasSize(5);
        assertThat(lines.subList(0, 3)).containsExactly("65534", "65534", "65534");
        assertThat(lines.get(3)).as("setsid: the shell leads its own session").isEqualTo(lines.get(4));
    }

    @Test
    void aFailedExecIsReportedAsAStatusLine() throws Exception {
        // status descriptor 2: the helper writes its failure line to our (merged) output
        List<String> argv = ExecHelperArgs.build(helper, 2, -1, false, ExecOptions.NONE, Path.of("/no/such/program"),
                List.of("program"));
        Result r = run(argv);
        assertThat(r.exit()).isEqualTo(127);
        HelperStatus s = HelperStatus.parse(r.out()).orElseThrow();
        assertThat(s.stage()).isEqualTo("exec");
        assertThat(s.detail()).isEqualTo("/no/such/program");
        assertThat(s.errno()).as("ENOENT, 2 on both systems").isEqualTo(2);
        SpawnException e = s.toException("/no/such/program");
        assertThat(e.getMessage()).isEqualTo("cannot execute /no/such/program: No such file or directory (ENOENT, errno 2)");
    }

    @Test
    void aSuccessfulExecLeavesTheStatusEmpty() throws Exception {
        List<String> argv = ExecHelperArgs.build(helper, 2, -1, false, ExecOptions.NONE, Path.of("/bin/true"), List.of("true"));
        Result r = run(argv);
        assertThat(r.exit()).isZero();
        assertThat(HelperStatus.parse(r.out())).isEmpty();
    }

    @Test
    void theServiceIsInEveryConfiguredGroupAndItsPrimaryGroup() throws Exception {
        assumeThat(run(List.of("id", "-u")).out().trim()).as("needs root").isEqualTo("0");
        ExecOptions o = new ExecOptions(65534, 65534, List.of(5, 7), null, null, Map.of(), false);
        List<String> argv = ExecHelperArgs.build(helper, 2, -1, false, o, Path.of("/bin/sh"),
                List.of("sh", "-c", "id -g; id -G"));
        assertThat(argv).containsSubsequence("-G", "65534,5,7");
        Result r = run(argv);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as(r.out()).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("65534");
        assertThat(List.of(lines.get(1).split(" "))).containsExactlyInAnyOrder("65534", "5", "7");
    }

    @Test
    void aLoginClassIsRefusedByTheLinuxBuildOfTheHelper() throws Exception {
        assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
        ExecOptions o = new ExecOptions(65534, 65534, null, null, null, Map.of(), false, "daemon");
        Result r = run(ExecHelperArgs.build(helper, 2, -1, false, o, Path.of("/bin/true"), List.of("true")));
        assertThat(r.exit()).isEqualTo(127);
        assertThat(r.out()).startsWith("E 38 login-class login classes exist only on FreeBSD");
    }
}
