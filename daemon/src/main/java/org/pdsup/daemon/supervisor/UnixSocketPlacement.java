package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.pdsup.config.ListenSocket;
import org.pdsup.procdesc.ListeningSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a held Unix socket's file safely, as the control socket's is made (control/SocketFile, issue 15 defect
 * 6): bound inside a fresh 0700 directory beside its path, given its mode and owner there (nobody else can reach
 * that name, so chmod/chown cannot be redirected through a symlink), then renamed into place with rename(2), which
 * replaces a stale socket or a symlink at the name without following it. A file there that is not a socket, a
 * socket something still listens on, and a directory others may write (unless sticky and root's) are refused.
 */
final class UnixSocketPlacement {
    private static final Logger LOG = LoggerFactory.getLogger(UnixSocketPlacement.class);
    /** S_IFMT, S_IFSOCK, S_ISVTX, S_IWGRP, S_IWOTH from sys/stat.h (the same values on FreeBSD and Linux). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_ISVTX = 01000;
    private static final int S_IWGRP = 0020;
    private static final int S_IWOTH = 0002;
    private static final SecureRandom RANDOM = new SecureRandom();

    private UnixSocketPlacement() {}

    static ListeningSocket bind(ListenSocket cfg) throws IOException {
        Path path = cfg.path();
        Path dir = path.getParent();
        checkDirectory(dir);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(path)) {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & S_IFMT) != S_IFSOCK) {
                throw new IOException(path + " exists and is not a socket; remove it or listen elsewhere");
            }
            if (answers(path)) throw new IOException("another process listens on " + path);
        }
        Path privateDir = privateDirectory(dir);
        Path temporary = privateDir.resolve("s");
        ListeningSocket sock = null;
        try {
            sock = ListeningSocket.unix(temporary, cfg.backlog());
            Files.setPosixFilePermissions(temporary, permissions(cfg.mode()));
            if (cfg.uid() != null) Files.setAttribute(temporary, "unix:uid", cfg.uid(), LinkOption.NOFOLLOW_LINKS);
            if (cfg.gid() != null) Files.setAttribute(temporary, "unix:gid", cfg.gid(), LinkOption.NOFOLLOW_LINKS);
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
            return sock;
        } catch (IOException | RuntimeException e) {
            if (sock != null) sock.close();
            throw e;
        } finally {
            try {
                Files.deleteIfExists(temporary);
                Files.deleteIfExists(privateDir);
            } catch (IOException e) {
                LOG.warn("cannot remove the private directory {}: {}", privateDir, e.getMessage());
            }
        }
    }

    /** Removes the socket file at {@code path} when it is (still) a socket. */
    static void remove(Path path) {
        try {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(path)
                    && ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT) == S_IFSOCK) {
                Files.delete(path);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot remove the socket file {}: {}", path, e.getMessage());
        }
    }

    private static void checkDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("directory " + dir + " does not exist");
        Path real = dir.toRealPath();
        int mode = (Integer) Files.getAttribute(real, "unix:mode");
        int uid = (Integer) Files.getAttribute(real, "unix:uid");
        if ((mode & (S_IWGRP | S_IWOTH)) != 0 && !((mode & S_ISVTX) != 0 && uid == 0)) {
            throw new IOException("refusing to create a socket in " + dir + " (mode " + Integer.toOctalString(mode & 07777)
                    + "): others may write it without it being sticky and root's, so they could replace the socket");
        }
    }

    private static Path privateDirectory(Path dir) throws IOException {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int attempt = 0; ; attempt++) {
            StringBuilder name = new StringBuilder(".p");
            for (int i = 0; i < 6; i++) name.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
            try {
                return Files.createDirectory(dir.resolve(name.toString()),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 20) throw e;
            }
        }
    }

    /** Whether something accepts connections there (a non-blocking connect, so a full backlog counts). */
    private static boolean answers(Path path) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.configureBlocking(false);
            ch.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return msg.contains("temporarily unavailable");
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
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
}
