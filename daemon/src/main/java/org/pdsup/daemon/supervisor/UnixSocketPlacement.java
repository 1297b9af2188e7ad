package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.pdsup.config.ListenSocket;
import org.pdsup.daemon.files.SocketFiles;
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

    private UnixSocketPlacement() {}

    static ListeningSocket bind(ListenSocket cfg) throws IOException {
        Path path = cfg.path();
        Path dir = path.getParent();
        checkDirectory(dir);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(path)) {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & SocketFiles.S_IFMT) != SocketFiles.S_IFSOCK) {
                throw new IOException(path + " exists and is not a socket; remove it or listen elsewhere");
            }
            if (answers(path)) throw new IOException("another process listens on " + path);
        }
        Path privateDir = SocketFiles.createPrivateDirectory(dir, ".p");
        Path temporary = privateDir.resolve("s");
        ListeningSocket sock = null;
        try {
            sock = ListeningSocket.unix(temporary, cfg.backlog());
            Files.setPosixFilePermissions(temporary, SocketFiles.permissions(cfg.mode()));
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
                    && ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & SocketFiles.S_IFMT) == SocketFiles.S_IFSOCK) {
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
        if ((mode & (SocketFiles.S_IWGRP | SocketFiles.S_IWOTH)) != 0 && !((mode & SocketFiles.S_ISVTX) != 0 && uid == 0)) {
            throw new IOException("refusing to create a socket in " + dir + " (mode " + Integer.toOctalString(mode & 07777)
                    + "): others may write it without it being sticky and root's, so they could replace the socket");
        }
    }

    /** Whether something accepts connections there; a path that cannot be told counts as free. */
    private static boolean answers(Path path) {
        try {
            return SocketFiles.accepts(path);
        } catch (IOException e) {
            return false;
        }
    }
}
