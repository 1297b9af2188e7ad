package org.pdsup.daemon.files;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the control socket (control/SocketFile) and held Unix sockets (supervisor/UnixSocketPlacement) both need to
 * put a socket file in place safely: a private 0700 directory to bind and chmod in, the mode as permissions, and
 * whether something listens at a path.
 */
public final class SocketFiles {
    /** S_IFMT, S_IFSOCK, S_ISVTX, S_IWGRP, S_IWOTH from sys/stat.h (the same values on FreeBSD and Linux). */
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_ISVTX = 01000;
    public static final int S_IWGRP = 0020;
    public static final int S_IWOTH = 0002;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private SocketFiles() {}

    /**
     * Creates {@code dir/PREFIXxxxxxx} with mode 0700 by mkdir(2) (the umask can only take bits away): private
     * from its first moment, so nobody else can reach a name inside it.
     */
    public static Path createPrivateDirectory(Path dir, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            StringBuilder name = new StringBuilder(prefix);
            for (int i = 0; i < 6; i++) name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            try {
                return Files.createDirectory(dir.resolve(name.toString()),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 20) throw e;
            }
        }
    }

    /** The permission bits of {@code mode} (its low nine bits). */
    public static Set<PosixFilePermission> permissions(int mode) {
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) out.add(bits[i]);
        }
        return out;
    }

    /** Whether {@code path} itself (not a symlink's target) is a socket. */
    public static boolean isSocket(Path path) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK;
    }

    /**
     * Whether something accepts connections on the socket at {@code path}: a non-blocking connect, so a listener
     * with a full backlog counts. False when the connection is refused (a stale socket file).
     *
     * @throws IOException when neither can be told (the message of the connect)
     */
    public static boolean accepts(Path path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.configureBlocking(false);
            ch.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (msg.contains("refused")) return false;
            if (msg.contains("temporarily unavailable")) return true; // listening, backlog full
            throw e;
        }
    }
}
