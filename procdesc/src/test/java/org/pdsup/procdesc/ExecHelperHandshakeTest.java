package org.pdsup.procdesc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.freebsd.HelperStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake between pdsupd and its exec helper, against real helpers compiled from
 * {@code src/main/c/pdsup-exec.c}: this build's, and a stale one that speaks protocol version 1. Every argv starts
 * {@code -S <status pipe> -V <version>}; a helper of another version fails with a message naming both versions;
 * started by hand (no handshake, or a terminal or file as "status pipe") it refuses and touches nothing.
 */
class ExecHelperHandshakeTest {
    private static Path current;
    private static Path stale;

    @BeforeAll
    static void compile() throws Exception {
        Path source = Path.of("src/main/c/pdsup-exec.c").toAbsolutePath();
        Path dir = Files.createTempDirectory("pdsup-exec-handshake");
        current = dir.resolve("pdsup-exec");
        stale = dir.resolve("pdsup-exec-v1");
        for (List<String> cc : List.of(List.of("cc", "-O1", "-Wall", "-Werror", "-o", current.toString(), source.toString()),
                List.of("cc", "-O1", "-DPDSUP_EXEC_PROTOCOL=1", "-o", stale.toString(), source.toString()))) {
            Result r = run(cc);
            assertThat(r.exit()).as("compiling the helper:\n" + r.out()).isZero();
        }
    }

    private record Result(int exit, String out) {}

    /** Runs argv with stdout and stderr merged into one pipe (descriptor 2 then serves as the status pipe). */
    private static Result run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("helper finished").isTrue();
        return new Result(p.exitValue(), out);
    }

    private static SpawnSpec spec(String... argv) {
        return SpawnSpec.builder(Path.of(argv[0]), List.of(argv)).build();
    }

    @Test
    void theCurrentHelperAcceptsTheHandshakeAndExecs() throws Exception {
        List<String> argv = ExecHelper.arguments(current, spec("/bin/echo", "ran"), new ExecHelper.Wiring(2, -1, 0, 0));
        assertThat(argv.subList(1, 5)).containsExactly("-S", "2", "-V", Integer.toString(ExecHelper.PROTOCOL_VERSION));
        Result r = run(argv);
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).isEqualTo("ran\n");
    }

    @Test
    void aStaleHelperFailsNamingBothVersions() throws Exception {
        Result r = run(ExecHelper.arguments(stale, spec("/bin/echo", "ran"), new ExecHelper.Wiring(2, -1, 0, 0)));
        assertThat(r.exit()).isEqualTo(127);
        assertThat(r.out()).isEqualTo("E 0 version helper=1 pdsupd=" + ExecHelper.PROTOCOL_VERSION + "\n");
        SpawnException linux = ExecHelper.exception(ExecHelper.parse(r.out()), Path.of("/bin/echo"),
                n -> "?", n -> "?", n -> false);
        String expected = "the exec helper pdsup-exec speaks protocol version 1 but this pdsupd speaks version "
                + ExecHelper.PROTOCOL_VERSION + ": install the pdsup-exec built with this pdsupd (a stale"
                + " libexec/pdsup-exec left by an upgrade?)";
        assertThat(linux).hasMessage(expected);
        assertThat(linux.stage()).isEqualTo("version");
        SpawnException freebsd = HelperStatus.parse(r.out()).orElseThrow().toException("/bin/echo");
        assertThat(freebsd).hasMessage(expected);
    }

    @Test
    void aHelperFromBeforeTheHandshakeIsRecognisedByItsUsageError() {
        // what the version-1 helper (no -V option) wrote: "E 22 usage -V" (EINVAL is 22 on both systems)
        SpawnException e = ExecHelper.exception(ExecHelper.parse("E 22 usage -V\n"), Path.of("/bin/echo"),
                n -> "Invalid argument", n -> "EINVAL", n -> false);
        assertThat(e.getMessage()).contains("protocol version 1 but this pdsupd speaks version "
                + ExecHelper.PROTOCOL_VERSION);
        assertThat(HelperStatus.parse("E 22 usage -V\n").orElseThrow().toException("/bin/echo").getMessage())
                .contains("protocol version 1 but this pdsupd speaks version " + ExecHelper.PROTOCOL_VERSION);
    }

    @Test
    void startedByHandItRefusesAndRunsNothing() throws Exception {
        Path marker = Files.createTempDirectory("pdsup-exec-by-hand").resolve("ran");
        String touch = "touch " + marker;
        String version = Integer.toString(ExecHelper.PROTOCOL_VERSION);
        Path file = Files.createTempFile("pdsup-exec-status", ".txt");
        List<List<String>> byHand = List.of(
                List.of(current.toString(), "--", "/bin/sh", "sh", "-c", touch),
                List.of(current.toString()),
                List.of(current.toString(), "-u", "0", "--", "/bin/sh", "sh", "-c", touch),
                // the handshake's words, but descriptor 9 is not open, and a regular file is not a status pipe
                List.of(current.toString(), "-S", "9", "-V", version, "--", "/bin/sh", "sh", "-c", touch),
                List.of("/bin/sh", "-c", "exec 7>" + file + "; exec \"$0\" -S 7 -V " + version
                        + " -- /bin/sh sh -c '" + touch + "'", current.toString()));
        for (List<String> argv : byHand) {
            Result r = run(argv);
            assertThat(r.exit()).as(String.join(" ", argv)).isEqualTo(127);
            assertThat(r.out()).as(String.join(" ", argv)).startsWith("pdsup-exec: not meant to be run by hand");
            assertThat(marker).doesNotExist();
        }
        assertThat(Files.size(file)).isZero();
    }

    @Test
    void theFreeBsdArgvCarriesTheHandshakeToo() throws Exception {
        List<String> argv = org.pdsup.procdesc.freebsd.ExecHelperArgs.build(current, 2, -1, false,
                new ExecOptions(null, null, null, 022, null, Map.of(), false), Path.of("/bin/sh"),
                List.of("sh", "-c", "umask"));
        assertThat(argv.subList(1, 5)).containsExactly("-S", "2", "-V", Integer.toString(ExecHelper.PROTOCOL_VERSION));
        Result r = run(new ArrayList<>(argv));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).isEqualTo("0022\n");
    }
}
