package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 defect 6: a user who can write the socket's directory swaps the fresh socket for a symlink
 * between bind and chmod, and pdsupd (root) chmods the symlink's target 0666. Here a real user runs that
 * attack in a tight loop while pdsupd's control server starts, again and again.
 */
class SocketDirectoryTest {
    private static final String ATTACK = "$| = 1; $s = $ARGV[0]; $v = $ARGV[1]; print \"ready\\n\";"
            + " while (1) { if (-S $s) { unlink $s; symlink $v, $s; } }";
    static TestUser attacker;

    @TempDir
    Path tmp;

    @BeforeAll
    static void user() throws Exception {
        assumeTrue(TestUser.possible() && Files.isExecutable(Path.of("/usr/bin/perl")),
                "needs root, setpriv, useradd and perl");
        attacker = TestUser.ensure("pdsuptest-sockdir");
    }

    @AfterAll
    static void removeUser() throws Exception {
        if (attacker != null) attacker.close();
    }

    @Test
    void aDirectoryOthersMayWriteIsRefusedAndTheSymlinkAttackChangesNothing() throws Exception {
        Path dir = openDirectory("0777");
        Path victim = victim();
        Path socket = dir.resolve("pdsupd.sock");
        java.util.List<String> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Process attack = attack(socket, victim);
            ControlServer server = server(socket, 0666);
            Exception refused = null;
            try {
                server.start();
            } catch (ControlServerException e) {
                refused = e;
            } finally {
                server.stop();
                stop(attack);
            }
            assertThat(mode(victim)).as("attempt %d: the victim's mode", i).isEqualTo("rw-------");
            outcomes.add(refused == null ? "started" : refused.getMessage());
            Files.deleteIfExists(socket);
        }
        assertThat(outcomes).allMatch(o -> o.contains("is writable by everyone without being sticky and owned by root"));
        assertThatThrownBy(() -> server(openDirectory("0775").resolve("s.sock"), 0660).start())
                .hasMessageContaining("is writable by its group");
    }

    /** In a sticky root-owned directory (like /tmp) the attacker cannot touch pdsupd's socket: start works. */
    @Test
    void aStickyRootOwnedDirectoryIsAcceptedAndTheSocketAppearsWithItsMode() throws Exception {
        Path dir = openDirectory("1777");
        Path victim = victim();
        Path socket = dir.resolve("pdsupd.sock");
        for (int i = 0; i < 10; i++) {
            Process attack = attack(socket, victim);
            ControlServer server = server(socket, 0640);
            try {
                server.start();
                assertThat(Files.isSymbolicLink(socket)).isFalse();
                assertThat(mode(socket)).isEqualTo("rw-r-----");
                try (TestClient c = TestClient.connect(socket)) {
                    assertThat(c.call("{\"id\":1,\"op\":\"version\"}")).containsEntry("ok", true);
                }
            } finally {
                // the attacker goes first: once the socket is gone it could take the free name
                stop(attack);
                server.stop();
            }
            assertThat(mode(victim)).isEqualTo("rw-------");
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .as("no private bind directory is left behind").isEmpty();
        }
    }

    /** The attacker's loop, running (it said so) when this returns. */
    private static Process attack(Path socket, Path victim) throws Exception {
        Process p = attacker.start("/usr/bin/perl", "-e", ATTACK, socket.toString(), victim.toString());
        byte[] ready = p.getInputStream().readNBytes(6);
        assertThat(new String(ready, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ready\n");
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private ControlServer server(Path socket, int mode) {
        ControlServerSettings s = ControlServerSettings.defaults(socket).withSocketFile(mode, null, null);
        return new ControlServer(s, new TestBackend("web"), new RecordingMetrics(), null);
    }

    private Path openDirectory(String mode) throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = Files.createTempDirectory(tmp, "run");
        // chmod(1) for the sticky bit, which NIO cannot set
        Process p = new ProcessBuilder("chmod", mode, dir.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return dir;
    }

    private Path victim() throws Exception {
        Path victim = tmp.resolve("victim-" + System.nanoTime());
        Files.writeString(victim, "root's secret\n");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        return victim;
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
