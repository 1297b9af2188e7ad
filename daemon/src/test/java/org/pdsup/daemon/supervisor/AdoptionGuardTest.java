package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.config.ConfigLoader;
import org.pdsup.config.ServiceConfig;
import org.pdsup.procdesc.Accounts;
import org.pdsup.procdesc.stats.ProcessTable;

/**
 * A record of persistent.state is re-adopted only when its process is really the service (its marker, or for
 * a process from before the marker its exact command), and only from a state file pdsupd can trust. Real
 * processes and real files; the chaos suite's statefile scenario does the same against a whole pdsupd.
 */
class AdoptionGuardTest {
    @TempDir
    Path dir;
    private Process process;

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private ServiceConfig service(String name, String command, boolean persist) throws Exception {
        Path conf = dir.resolve("pdsupd.conf");
        Files.writeString(conf, "pdsupd { state-dir = \"" + dir.resolve("state") + "\", log-dir = \"" + dir.resolve("log")
                + "\", control.socket = \"" + dir.resolve("s.sock") + "\", metrics.enabled = false }\n"
                + "services { " + name + " { command = " + command + ", persist = " + persist + " } }\n");
        return new ConfigLoader(Accounts.system()).load(conf).services().get(name);
    }

    private int start(Map<String, String> env, String... argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(env);
        process = pb.start();
        return (int) process.pid();
    }

    private final AdoptionGuard guard = new AdoptionGuard(ProcessTable.system());

    @Test
    void aPersistentServiceIsSpawnedWithItsMarker() throws Exception {
        ServiceConfig web = service("web", "[\"/bin/sleep\", \"100\"]", true);
        assertThat(AdoptionGuard.environmentOf(web)).containsEntry(AdoptionGuard.MARKER, "web");
        ServiceConfig plain = service("plain", "[\"/bin/sleep\", \"100\"]", false);
        assertThat(AdoptionGuard.environmentOf(plain)).isSameAs(plain.environment());
    }

    @Test
    void aProcessCarryingThisServicesMarkerIsOurs() throws Exception {
        ServiceConfig web = service("web", "[\"/bin/sh\", \"-c\", \"exec sleep 100\"]", true);
        int pid = start(Map.of(AdoptionGuard.MARKER, "web"), "/bin/sleep", "100");
        assertThat(guard.whyNotOurs(pid, web)).isNull();
    }

    @Test
    void anotherServicesMarkerIsNotOurs() throws Exception {
        ServiceConfig web = service("web", "[\"/bin/sleep\", \"100\"]", true);
        int pid = start(Map.of(AdoptionGuard.MARKER, "db"), "/bin/sleep", "100");
        assertThat(guard.whyNotOurs(pid, web)).contains("persistent service 'db'");
    }

    @Test
    void withoutAMarkerOnlyTheExactCommandIsOurs() throws Exception {
        ServiceConfig same = service("old", "[\"/bin/sleep\", \"100\"]", true);
        int pid = start(Map.of(), "/bin/sleep", "100");
        assertThat(guard.whyNotOurs(pid, same)).as("a process of a pdsupd from before the marker").isNull();
        ServiceConfig other = service("web", "[\"/bin/sh\", \"-c\", \"sleep 100\"]", true);
        assertThat(guard.whyNotOurs(pid, other)).contains("no " + AdoptionGuard.MARKER).contains("/bin/sleep 100");
    }

    private PersistentState stateWith(String text) throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/persistent.state"), text);
        Files.setPosixFilePermissions(dir.resolve("state/persistent.state"), PosixFilePermissions.fromString("rw-------"));
        return new PersistentState(dir.resolve("state"));
    }

    @Test
    void aTrustedStateFileIsRead() throws Exception {
        PersistentState s = stateWith("web 123 1700000000 5\n");
        assertThat(s.load()).containsExactly(new PersistentState.Entry("web", 123, Instant.ofEpochSecond(1700000000, 5)));
    }

    @Test
    void aStateFileWritableByOthersIsIgnored() throws Exception {
        PersistentState s = stateWith("web 123 1700000000 5\n");
        Files.setPosixFilePermissions(s.file(), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(StateFile.untrusted(s.file())).contains("writable by others");
        assertThat(s.load()).isEmpty();
    }

    @Test
    void aStateFileOwnedBySomebodyElseIsIgnored() throws Exception {
        PersistentState s = stateWith("web 123 1700000000 5\n");
        UserPrincipal nobody = s.file().getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(s.file(), nobody);
        assertThat(StateFile.untrusted(s.file())).contains("owned by nobody");
        assertThat(s.load()).isEmpty();
    }

    @Test
    void aSymbolicLinkOrAHugeFileIsIgnored() throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Path target = dir.resolve("elsewhere");
        Files.writeString(target, "web 123 1700000000 5\n");
        Files.createSymbolicLink(dir.resolve("state/persistent.state"), target);
        PersistentState s = new PersistentState(dir.resolve("state"));
        assertThat(StateFile.untrusted(s.file())).contains("symbolic link");
        assertThat(s.load()).isEmpty();
        Files.delete(s.file());
        stateWith("x".repeat((int) StateFile.MAX_BYTES + 1));
        assertThat(StateFile.untrusted(s.file())).contains("more than pdsupd ever writes");
    }

    @Test
    void savingReplacesAPlantedTemporaryFileInsteadOfWritingThroughIt() throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious\n");
        Files.createSymbolicLink(dir.resolve("state/persistent.state.tmp"), victim);
        PersistentState s = new PersistentState(dir.resolve("state"));
        s.save(List.of(new PersistentState.Entry("web", 123, Instant.ofEpochSecond(1700000000, 5))));
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
        assertThat(s.load()).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.file()))).isEqualTo("rw-------");
    }
}
