package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service that cannot be spawned is a state with a clear error and backoff; nothing else is disturbed. */
class SpawnFailureTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingBinaryLeavesTheSupervisorAndEveryOtherServiceRunning() throws Exception {
        Path bin = tmp.resolve("vanishing");
        Files.writeString(bin, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = tmp.resolve("workdir");
        Files.createDirectories(dir);
        try (var h = new SupervisorHarness(tmp, """
                steady { command = ["/bin/sleep", "60"] }
                vanishing { command = ["%s"], autostart = false, backoff { initial = 100ms } }
                nodir { command = ["/bin/sleep", "60"], directory = "%s", autostart = false, backoff { initial = 100ms } }
                """.formatted(bin, dir))) {
            int steady = h.await("steady", ServiceState.RUNNING, Duration.ofSeconds(10)).pid();
            Files.delete(bin);
            Files.delete(dir);
            h.supervisor.start(List.of("vanishing", "nodir")).get();
            List<SupervisorEvent> v = h.awaitEvents("vanishing", ServiceState.BACKOFF, 2, Duration.ofSeconds(10));
            assertThat(v.get(0).reason()).startsWith("spawn failed: ").contains(bin.toString())
                    .contains("No such file or directory");
            assertThat(h.status("vanishing").spawnFailures()).isGreaterThanOrEqualTo(2);
            assertThat(h.status("vanishing").lastError()).contains(bin.toString());
            List<SupervisorEvent> d = h.awaitEvents("nodir", ServiceState.BACKOFF, 1, Duration.ofSeconds(10));
            assertThat(d.get(0).reason()).contains(dir.toString());
            assertThat(h.status("steady").pid()).isEqualTo(steady);
            assertThat(h.status("steady").state()).isEqualTo(ServiceState.RUNNING);
            // the binary comes back: the next restart succeeds
            Files.writeString(bin, "#!/bin/sh\nexec sleep 60\n");
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
            h.supervisor.start(List.of("vanishing")).get();
            assertThat(h.await("vanishing", ServiceState.RUNNING, Duration.ofSeconds(10)).pid()).isPositive();
        }
    }

    @Test
    void aNonExecutableFileIsReportedWithItsPath() throws Exception {
        Path bin = tmp.resolve("notexec");
        Files.writeString(bin, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var h = new SupervisorHarness(tmp, """
                notexec { command = ["%s"], autostart = false, backoff { initial = 1s } }
                """.formatted(bin))) {
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rw-r--r--"));
            h.supervisor.start(List.of("notexec")).get();
            List<SupervisorEvent> v = h.awaitEvents("notexec", ServiceState.BACKOFF, 1, Duration.ofSeconds(10));
            assertThat(v.get(0).reason()).contains(bin.toString()).contains("Permission denied");
        }
    }
}
