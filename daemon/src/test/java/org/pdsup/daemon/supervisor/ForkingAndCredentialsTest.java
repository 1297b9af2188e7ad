package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** type = forking through a pidfile; user, umask and rlimits applied by the exec helper. */
class ForkingAndCredentialsTest {
    @TempDir
    Path tmp;

    @Test
    void aForkingDaemonIsTrackedThroughItsPidfile() throws Exception {
        Path pidfile = tmp.resolve("daemon.pid");
        try (var h = new SupervisorHarness(tmp, """
                forker { command = ["/bin/sh", "-c", "/bin/sleep 60 > /dev/null 2>&1 & echo $! > %s"],
                         type = forking, pidfile = "%s", backoff { initial = 10s } }
                """.formatted(pidfile, pidfile))) {
            ServiceSnapshot s = h.await("forker", ServiceState.RUNNING, Duration.ofSeconds(10));
            int daemonPid = Integer.parseInt(Files.readString(pidfile).trim());
            assertThat(s.pid()).isEqualTo(daemonPid);
            new ProcessBuilder("kill", Integer.toString(daemonPid)).start().waitFor();
            List<SupervisorEvent> b = h.awaitEvents("forker", ServiceState.BACKOFF, 1, Duration.ofSeconds(10));
            assertThat(b.get(0).pid()).isEqualTo(daemonPid);
        }
    }

    @Test
    void aServiceRunsAsNobodyWithItsUmaskAndLimit() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: running a service as another user needs root");
        Path dir = tmp.resolve("nobody-dir");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (var h = new SupervisorHarness(tmp, """
                limited { command = ["/bin/sleep", "60"], user = nobody, umask = "027", nice = 5,
                          rlimits { nofile = 123 }, directory = "%s" }
                """.formatted(dir))) {
            int pid = h.await("limited", ServiceState.RUNNING, Duration.ofSeconds(10)).pid();
            String status = Files.readString(Path.of("/proc/" + pid + "/status"));
            int nobody = org.pdsup.procdesc.Accounts.system().userByName("nobody").orElseThrow().uid();
            assertThat(status).containsPattern("(?m)^Uid:\\s+" + nobody + "\\s+" + nobody + "\\s+" + nobody);
            assertThat(status).containsPattern("(?m)^Umask:\\s+0027$");
            String limits = Files.readString(Path.of("/proc/" + pid + "/limits"));
            assertThat(limits).containsPattern("(?m)^Max open files\\s+123\\s+123\\s+files");
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            assertThat(Integer.parseInt(f[16])).as("nice").isEqualTo(5);
        }
    }
}
