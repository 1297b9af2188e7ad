package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent service gets its log file directly from the spawn: its directory is rwxr-x---, its file
 * rw-r-----, and a symbolic link planted at the file is refused (the service does not start) instead of
 * followed (issue 15, defect 7).
 */
class PersistentLogFilesTest {
    @TempDir
    Path tmp;

    @Test
    void filesAre0750And0640AndALinkAtTheFileIsNotFollowed() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "secret\n");
        Path linked = Files.createDirectories(tmp.resolve("log/linked"));
        Files.createSymbolicLink(linked.resolve("output.log"), victim);
        try (SupervisorHarness h = new SupervisorHarness(tmp, """
                keeper { command = ["/bin/sh", "-c", "echo kept"], persist = true, restart = never }
                linked { command = ["/bin/sh", "-c", "echo through-the-link"], persist = true, restart = never }
                """)) {
            h.await("keeper", ServiceState.EXITED, Duration.ofSeconds(20));
            Path dir = tmp.resolve("log/keeper");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-x---");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("output.log"))))
                    .isEqualTo("rw-r-----");
            assertThat(Files.readAllLines(dir.resolve("output.log"))).containsExactly("kept");
            h.awaitEvents("linked", ServiceState.FATAL, 1, Duration.ofSeconds(30));
        }
        assertThat(Files.readString(victim)).isEqualTo("secret\n");
        assertThat(Files.isSymbolicLink(linked.resolve("output.log"))).isTrue();
        assertThat(Files.exists(linked.resolve("output.log"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
