package org.pdsup.procdesc.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@link LinuxProcessTable}: group, session and start time of real processes, and the stat-line fields. */
@EnabledOnOs(OS.LINUX)
class LinuxProcessTableTest {
    @TempDir
    Path tmp;

    @Test
    void aSessionLeaderAndItsChildAreFoundBySession() throws Exception {
        Process p = new ProcessBuilder("setsid", "/bin/sh", "-c", "sleep 30 & echo $! > " + tmp.resolve("child")
                + "; wait").start();
        int sleeper = -1;
        try {
            Path child = tmp.resolve("child");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((!Files.exists(child) || Files.readString(child).isBlank()) && System.nanoTime() < deadline) {
                Thread.sleep(10); // the shell writes the file on its own schedule
            }
            int leader = (int) p.pid();
            sleeper = Integer.parseInt(Files.readString(child).trim());
            ProcessTable t = ProcessTable.system();
            ProcessIdentity l = t.identity(leader).orElseThrow();
            assertThat(l.sid()).isEqualTo(leader);
            assertThat(l.pgid()).isEqualTo(leader);
            assertThat(l.exited()).isFalse();
            Instant jdk = p.toHandle().info().startInstant().orElseThrow();
            assertThat(Duration.between(jdk, l.startTime()).abs()).isLessThan(Duration.ofSeconds(1));
            assertThat(t.all()).filteredOn(x -> x.sid() == leader).extracting(ProcessIdentity::pid)
                    .contains(leader, sleeper);
            ProcessIdentity self = t.identity((int) ProcessHandle.current().pid()).orElseThrow();
            assertThat(self.sid()).isNotEqualTo(leader);
        } finally {
            p.destroyForcibly();
            p.waitFor();
            if (sleeper > 0) new ProcessBuilder("kill", "-9", Integer.toString(sleeper)).start().waitFor();
        }
    }

    @Test
    void parsesFieldsAfterACommWithSpacesAndParentheses() {
        LinuxProcessTable t = new LinuxProcessTable(Path.of("/proc"), 100, Instant.ofEpochSecond(1_000_000));
        String line = "42 (a) b (c) S 1 40 41 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 250 1000 100 0 0";
        ProcessIdentity id = t.parse(42, line);
        assertThat(id).isEqualTo(new ProcessIdentity(42, 40, 41, Instant.ofEpochSecond(1_000_002, 500_000_000),
                false));
        assertThat(t.parse(42, line.replace(") S ", ") Z ")).exited()).isTrue();
    }

    @Test
    void aGroupWithAMemberIsSeenAndAnEmptyOneIsNot() throws Exception {
        Process p = new ProcessBuilder("setsid", "sleep", "30").start();
        try {
            ProcessTable t = ProcessTable.system();
            int pid = (int) p.pid();
            for (int i = 0; i < 100 && t.identity(pid).map(ProcessIdentity::pgid).orElse(0) != pid; i++) Thread.sleep(20);
            assertThat(t.groupHasMembers(pid)).isTrue();
            p.destroyForcibly().waitFor();
            assertThat(t.groupHasMembers(pid)).as("group %d after its only member was reaped", pid).isFalse();
        } finally {
            p.destroyForcibly();
        }
    }
}
