package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.stats.ProcessIdentity;
import org.pdsup.procdesc.stats.ProcessTable;

/**
 * {@code sessions.state} is read with the same trust checks as {@code persistent.state} ({@link StateFile}): a
 * symbolic link, a foreign owner, a file others may write, a huge or truncated one is named in an error and
 * nothing it names is signalled; the trusted file is read (last line of a name wins) and its processes ended.
 * Writing appends one line per new process and stays bounded by rewriting.
 */
class HostileSessionStateTest {
    @TempDir
    Path dir;
    private Process victim;

    @AfterEach
    void killVictim() {
        if (victim != null) victim.destroyForcibly();
    }

    private Path state() throws Exception {
        return Files.createDirectories(dir.resolve("state")).resolve(SessionState.FILE);
    }

    private Path write(String text, String mode) throws Exception {
        Path f = state();
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private SessionState sessions() {
        return new SessionState(dir.resolve("state"), ProcessTable.system());
    }

    private static final String LINE = "web 4242 1700000000 5 4242 4242\n";

    @Test
    void aTrustedFileIsReadAndANamesLastLineWins() throws Exception {
        write("# header\n" + LINE + "db 17 1700000001 0 17 17\nweb 4243 1700000002 7 0 0\n", "rw-------");
        assertThat(sessions().load()).containsExactlyInAnyOrder(
                new SessionState.Entry("web", 4243, Instant.ofEpochSecond(1700000002, 7), 0, 0),
                new SessionState.Entry("db", 17, Instant.ofEpochSecond(1700000001, 0), 17, 17));
    }

    @Test
    void untrustedFilesAreRefusedWithTheirNameAndReason() throws Exception {
        Path f = write(LINE, "rw-rw-rw-");
        assertThat(refusal()).startsWith(f.toString()).contains("writable by others");
        assertThat(sessions().load()).isEmpty();

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        UserPrincipal nobody = f.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(f, nobody);
        assertThat(refusal()).startsWith(f.toString()).contains("owned by nobody");
        assertThat(sessions().load()).isEmpty();
        Files.delete(f);

        Path elsewhere = dir.resolve("elsewhere");
        Files.writeString(elsewhere, LINE);
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(f, elsewhere);
        assertThat(refusal()).startsWith(f.toString()).contains("symbolic link");
        assertThat(sessions().load()).isEmpty();
        Files.delete(f);

        write(LINE + "x".repeat((int) StateFile.MAX_BYTES), "rw-------");
        assertThat(refusal()).startsWith(f.toString()).contains("more than pdsupd ever writes");
        assertThat(sessions().load()).isEmpty();
    }

    private String refusal() throws Exception {
        return new StateFile(state(), "h", false).read(SessionState.Entry::parse).refused();
    }

    @Test
    void aTruncatedOrGarbledLineIsSkippedByFileAndLine() throws Exception {
        Path f = write(LINE + "db 17 banana 0 17 17\nweb2 99 17000", "rw-------");
        StateFile.Contents<SessionState.Entry> c = new StateFile(f, "h", false).read(SessionState.Entry::parse);
        assertThat(c.refused()).isNull();
        assertThat(c.records()).extracting(SessionState.Entry::service).containsExactly("web");
        assertThat(c.skipped()).hasSize(2);
        assertThat(c.skipped().get(0)).startsWith(f + ":2: ").contains("malformed");
        assertThat(c.skipped().get(1)).startsWith(f + ":3: ").contains("without its newline");
    }

    /** A real process in its own session, recorded with its true identity: the file alone decides its fate. */
    @Test
    void aHostileFileNamingARealProcessGetsItNoSignalWhileATrustedOneEndsIt() throws Exception {
        victim = new ProcessBuilder("setsid", "sleep", "1000").start();
        ProcessTable table = ProcessTable.system();
        ProcessIdentity id = null;
        for (int i = 0; i < 500 && (id == null || id.sid() != victim.pid()); i++) {
            id = table.identity((int) victim.pid()).orElse(null); // setsid has run once it leads its session
            if (id == null || id.sid() != victim.pid()) Thread.sleep(10);
        }
        assertThat(id).isNotNull();
        assertThat(id.sid()).isEqualTo((int) victim.pid());
        String line = "victim " + id.pid() + " " + id.startTime().getEpochSecond() + " " + id.startTime().getNano()
                + " " + id.pgid() + " " + id.sid() + "\n";
        ProcessDescriptors procdesc = ProcessDescriptors.system();
        try (ExitWatcher watcher = procdesc.newExitWatcher("test-leftovers")) {
            LeftoverCleanup cleanup = new LeftoverCleanup(table, procdesc, watcher);
            write(line, "rw-rw-rw-");
            assertThat(cleanup.run(sessions().load(), "test")).isZero();
            write(line, "rw-------");
            Files.setOwner(state(), state().getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            assertThat(cleanup.run(sessions().load(), "test")).isZero();
            assertThat(victim.isAlive()).as("named only by untrusted files").isTrue();

            Files.delete(state());
            write(line, "rw-------");
            assertThat(cleanup.run(sessions().load(), "test")).isEqualTo(1);
            assertThat(victim.waitFor(30, TimeUnit.SECONDS)).as("ended through the trusted file").isTrue();
        }
    }

    @Test
    void eachNewProcessIsOneAppendedLineAndTheFileStaysBounded() throws Exception {
        SessionState s = sessions();
        s.clear();
        for (int i = 0; i < 10; i++) s.track("svc" + i, new FakeProcess(1000 + i));
        // what a kill -9 right now would leave: every process, without any save()
        assertThat(sessions().load()).hasSize(10);
        assertThat(Files.readAllLines(s.file())).hasSize(11);
        for (int i = 0; i < 1000; i++) s.track("svc0", new FakeProcess(5000 + i));
        assertThat(Files.readAllLines(s.file()).size()).isLessThanOrEqualTo(1 + 2 * 10 + SessionState.SLACK + 1);
        List<SessionState.Entry> after = sessions().load();
        assertThat(after).hasSize(10);
        assertThat(after).filteredOn(e -> e.service().equals("svc0")).extracting(SessionState.Entry::pid)
                .containsExactly(5999);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.file()))).isEqualTo("rw-------");
        s.close();
    }

    @Test
    void writingReplacesAPlantedTemporaryFileInsteadOfWritingThroughIt() throws Exception {
        Path victimFile = dir.resolve("victim");
        Files.writeString(victimFile, "precious\n");
        Files.createSymbolicLink(state().resolveSibling(SessionState.FILE + ".tmp"), victimFile);
        SessionState s = sessions();
        s.clear();
        s.track("web", new FakeProcess(77));
        assertThat(Files.readString(victimFile)).isEqualTo("precious\n");
        assertThat(Files.isSymbolicLink(s.file())).isFalse();
        assertThat(sessions().load()).extracting(SessionState.Entry::pid).containsExactly(77);
        s.close();
    }
}
