package org.pdsup.daemon.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.config.OutputConfig;

/**
 * Log directories and files as an attacker finds them: modes, symbolic and hard links at the log file, a
 * symlinked or foreign service directory, a world-writable parent, links among rotated files. Real files and,
 * where the attack needs one, a real unprivileged user ({@value #USER}, created if missing). Needs root.
 */
class LogFileSafetyTest {
    private static final String USER = "pdsuptest-out";
    private static final String SECRET = "root's secret\n";

    @TempDir
    Path base;
    private Path logDir;
    private Path victim;

    @BeforeAll
    static void needsRootAndAUser() throws Exception {
        assumeTrue(LogFiles.self() == 0, "needs root (other users, chown)");
        if (sh("id", USER).exit != 0) {
            Result r = sh("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER);
            if (r.exit != 0 && sh("id", USER).exit != 0) throw new IllegalStateException("useradd " + USER + ": " + r.out);
        }
    }

    @BeforeEach
    void layout() throws Exception {
        // the temporary directory is 0700: open the way down so that only the modes under test stop the user
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        logDir = Files.createDirectory(base.resolve("log"));
        victim = base.resolve("victim");
        Files.writeString(victim, SECRET);
    }

    private record Result(int exit, String out) {}

    private static Result sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static Result asUser(String script) throws Exception {
        return sh("runuser", "-u", USER, "--", "/bin/sh", "-c", script);
    }

    private static OutputConfig cfg() {
        return ProcessOutputFixture.config(true, 0, 0, false, 4096, 1 << 20);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void newDirectoriesAndFilesAre0750And0640AndAnotherUserCannotReadThem() throws Exception {
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, 8 << 20)) {
            fx.run("web", cfg(), "echo private");
        }
        Path dir = logDir.resolve("web");
        assertThat(mode(dir)).isEqualTo("rwxr-x---");
        assertThat(mode(dir.resolve("output.log"))).isEqualTo("rw-r-----");
        Result r = asUser("cat " + dir.resolve("output.log"));
        assertThat(r.exit).as("a user outside the group reads the log: %s", r.out).isNotZero();
        assertThat(r.out).contains("Permission denied").doesNotContain("private");
    }

    @Test
    void anExistingWorldReadableDirectoryAndFileAreTightened() throws Exception {
        Path dir = Files.createDirectory(logDir.resolve("old"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(dir.resolve("output.log"), "before\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, 8 << 20)) {
            fx.run("old", cfg(), "echo after");
        }
        assertThat(mode(dir)).isEqualTo("rwxr-x---");
        assertThat(mode(file)).isEqualTo("rw-r-----");
        assertThat(Files.readAllLines(file)).containsExactly("before", "after");
    }

    @Test
    void aSymbolicLinkAtTheLogFileIsNotFollowed() throws Exception {
        Path dir = Files.createDirectory(logDir.resolve("web"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(dir.resolve("output.log"), victim);
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, 8 << 20)) {
            fx.run("web", cfg(), "echo appended-to-the-victim");
            assertThat(fx.capture.droppedBytes("web")).as("refused, so dropped and counted").isPositive();
        }
        assertThat(Files.readString(victim)).isEqualTo(SECRET);
        assertThatThrownBy(() -> LogFiles.openForAppend(dir.resolve("output.log")))
                .hasMessageContaining(dir.resolve("output.log").toString()).hasMessageContaining("symbolic link");
    }

    @Test
    void aHardLinkAtTheLogFileIsRefused() throws Exception {
        Path dir = Files.createDirectory(logDir.resolve("web"));
        Files.createLink(dir.resolve("output.log"), victim);
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, 8 << 20)) {
            fx.run("web", cfg(), "echo appended-to-the-victim");
        }
        assertThat(Files.readString(victim)).isEqualTo(SECRET);
        assertThatThrownBy(() -> LogFiles.openForAppend(dir.resolve("output.log"))).hasMessageContaining("hard links");
    }

    /** The service's user owns its log directory (an admin's chown, or made first in a sticky log-dir). */
    @Test
    void aServiceDirectoryOwnedByAnotherUserIsRefused() throws Exception {
        assertThat(sh("chmod", "1777", logDir.toString()).exit).isZero();
        Result planted = asUser("mkdir " + logDir.resolve("web") + " && ln -s " + victim + " "
                + logDir.resolve("web/output.log"));
        assertThat(planted.exit).as(planted.out).isZero();
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, 8 << 20)) {
            assertThatThrownBy(() -> fx.capture.open("web", cfg()))
                    .hasMessageContaining(logDir.resolve("web").toString()).hasMessageContaining("owned by uid");
        }
        assertThat(Files.readString(victim)).isEqualTo(SECRET);
    }

    @Test
    void aSymlinkedServiceDirectoryIsRefused() throws Exception {
        Path elsewhere = Files.createDirectory(base.resolve("elsewhere"));
        Files.createSymbolicLink(logDir.resolve("web"), elsewhere);
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, 8 << 20)) {
            assertThatThrownBy(() -> fx.capture.open("web", cfg())).hasMessageContaining("symbolic link");
        }
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void aParentWritableByOthersIsRefusedUnlessSticky() throws Exception {
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, 8 << 20)) {
            assertThatThrownBy(() -> fx.capture.open("web", cfg()))
                    .hasMessageContaining(base.toString()).hasMessageContaining("writable by others");
            // the user could rename log/ away and put a link in its place: show that the threat is real
            Result moved = asUser("mv " + logDir + " " + base.resolve("moved") + " && mv " + base.resolve("moved")
                    + " " + logDir);
            assertThat(moved.exit).as(moved.out).isZero();
            assertThat(sh("chmod", "1777", base.toString()).exit).isZero();
            fx.run("web", cfg(), "echo sticky is fine");
        }
        assertThat(Files.readAllLines(logDir.resolve("web/output.log"))).containsExactly("sticky is fine");
    }

    @Test
    void rotationNeitherWritesNorShowsThroughLinksAmongRotatedFiles() throws Exception {
        Path dir = Files.createDirectory(logDir.resolve("rot"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(dir.resolve("output.log.1"), victim);
        Files.createSymbolicLink(dir.resolve("output.log.rotating.1"), victim);
        OutputConfig rotating = ProcessOutputFixture.config(true, 100, 3, false, 4096, 1 << 20);
        List<String> shown = new ArrayList<>();
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, 8 << 20)) {
            fx.run("rot", rotating, "for i in $(seq 1 60); do echo line-$i; done");
            fx.capture.awaitRotations();
            CountDownLatch end = new CountDownLatch(1);
            fx.capture.tail("rot", 1000, false, new OutputCapture.LogSink() {
                @Override public void line(String stream, String text) { shown.add(text); }
                @Override public void dropped(long lines) { }
                @Override public void end() { end.countDown(); }
            });
            assertThat(end.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(fx.capture.droppedBytes("rot")).isZero();
        }
        assertThat(Files.readString(victim)).isEqualTo(SECRET);
        assertThat(shown).isNotEmpty().noneMatch(l -> l.contains("secret")).contains("line-60");
        for (int i = 1; i <= 3; i++) {
            assertThat(Files.isSymbolicLink(dir.resolve("output.log." + i))).as("output.log.%d", i).isFalse();
        }
    }

    @Test
    void aReaderIsNotShownAFileThroughALink() throws Exception {
        Path dir = Files.createDirectory(logDir.resolve("gone"));
        Files.createSymbolicLink(dir.resolve("output.log"), victim);
        List<String> shown = new ArrayList<>();
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, 8 << 20)) {
            CountDownLatch end = new CountDownLatch(1);
            fx.capture.tail("gone", 10, false, new OutputCapture.LogSink() {
                @Override public void line(String stream, String text) { shown.add(text); }
                @Override public void dropped(long lines) { }
                @Override public void end() { end.countDown(); }
            });
            assertThat(end.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(shown).isEmpty();
    }

    /** Persistent services get their file directly: the same checks, and the file exists 0640 before the spawn. */
    @Test
    void aPersistentServicesFileIsPreparedWithTheSameChecks() throws Exception {
        Path file = LogFiles.prepareDirect(logDir, "keeper", "output.log");
        assertThat(mode(file)).isEqualTo("rw-r-----");
        assertThat(mode(file.getParent())).isEqualTo("rwxr-x---");
        Path dir = Files.createDirectory(logDir.resolve("linked"));
        Files.createSymbolicLink(dir.resolve("stdout.log"), victim);
        assertThatThrownBy(() -> LogFiles.prepareDirect(logDir, "linked", "stdout.log"))
                .hasMessageContaining("symbolic link");
        assertThat(Files.readString(victim)).isEqualTo(SECRET);
    }

    /**
     * The JDK opens files without O_CLOEXEC; what that flag guards against, a log descriptor leaking into a
     * service, cannot happen because every spawn closes all descriptors above stderr: a service sees only 0-2.
     */
    @Test
    void noLogFileDescriptorReachesAService() throws Exception {
        try (ProcessOutputFixture fx = new ProcessOutputFixture(logDir, 8 << 20)) {
            fx.run("a", cfg(), "echo first");
            fx.run("b", cfg(), "ls -l /proc/$$/fd");
        }
        String listing = Files.readString(logDir.resolve("b/output.log"));
        assertThat(listing).doesNotContain(logDir.resolve("a").toString());
        assertThat(listing).doesNotContain("output.log");
    }
}
