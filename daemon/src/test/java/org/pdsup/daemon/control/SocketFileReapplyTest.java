package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload gives the bound control socket a new mode through {@link SocketFile.Bound#reapply}: on the socket
 * itself, and never through a symlink put at its name (the file it points to keeps its mode); a new owner and
 * group, and back to those it was created with when they are unset again.
 */
class SocketFileReapplyTest {
    @TempDir
    Path tmp;

    @Test
    void theSocketTakesItsNewModeAndASymlinkAtItsNameIsNotFollowed() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path path = tmp.resolve("pdsupd.sock");
        int[] created = new int[2];
        try (ServerSocketChannel ch = SocketFile.bindInPlace(path, 0660, null, null, binder(created))) {
            assertThat(ch.isOpen()).isTrue();
            SocketFile.Bound bound = SocketFile.bound(path, created[0], created[1]);
            bound.reapply(0604, null, null);
            assertThat(mode(path)).isEqualTo("604");
            assertThat(tmp.toFile().list()).as("the private link and directory are gone").containsExactly("pdsupd.sock");

            Path victim = Files.writeString(tmp.resolve("victim"), "secret");
            Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
            Path aside = tmp.resolve("aside.sock");
            Files.move(path, aside);
            Files.createSymbolicLink(path, victim);
            assertThatThrownBy(() -> bound.reapply(0666, null, null)).isInstanceOf(ControlServerException.class)
                    .hasMessageContaining(path + " is no longer the socket this pdsupd listens on");
            assertThat(mode(victim)).isEqualTo("600");
            assertThat(mode(aside)).isEqualTo("604");
        }
    }

    @Test
    void ownerAndGroupChangeAndNullMeansAsCreated() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root gives a file away");
        Path path = tmp.resolve("pdsupd.sock");
        int[] created = new int[2];
        try (ServerSocketChannel ch = SocketFile.bindInPlace(path, 0660, null, null, binder(created))) {
            assertThat(ch.isOpen()).isTrue();
            SocketFile.Bound bound = SocketFile.bound(path, created[0], created[1]);
            bound.reapply(0660, "daemon", "daemon");
            assertThat(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(uidOf("daemon"));
            assertThat(Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(gidOf("daemon"));
            bound.reapply(0660, null, null);
            assertThat(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("null: as created")
                    .isEqualTo(created[0]).isEqualTo(0);
            assertThat(Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(created[1]);
        }
    }

    private static int uidOf(String user) {
        return org.pdsup.procdesc.Accounts.system().userByName(user).orElseThrow().uid();
    }

    private static int gidOf(String group) {
        return org.pdsup.procdesc.Accounts.system().groupByName(group).orElseThrow().gid();
    }

    private static String mode(Path p) throws IOException {
        return Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777);
    }

    private static SocketFile.Binder<ServerSocketChannel> binder(int[] created) {
        return new SocketFile.Binder<>() {
            @Override
            public ServerSocketChannel bind(Path at) throws ControlServerException {
                try {
                    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                    ch.bind(UnixDomainSocketAddress.of(at));
                    return ch;
                } catch (IOException e) {
                    throw new ControlServerException("bind: " + e.getMessage(), e);
                }
            }

            @Override
            public void unbind(ServerSocketChannel ch) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing
                }
            }

            @Override
            public void created(int uid, int gid) {
                created[0] = uid;
                created[1] = gid;
            }
        };
    }
}
