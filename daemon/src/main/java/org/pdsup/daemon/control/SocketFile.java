package org.pdsup.daemon.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The control socket's file: finding a live or stale one before binding, mode and ownership, removal. */
final class SocketFile {
    private static final Logger log = LoggerFactory.getLogger(SocketFile.class);

    /** S_IFMT and S_IFSOCK from sys/stat.h (the same values on FreeBSD and Linux). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private SocketFile() {}

    /**
     * Makes {@code path} free to bind: refuses when a pdsupd answers there or when it is not a socket; removes
     * a stale socket nobody listens on.
     */
    static void prepare(Path path) throws ControlServerException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ControlServerException("cannot create the control socket " + path + ": directory " + dir
                    + " does not exist");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        if (!isSocket(path)) {
            throw new ControlServerException(path + " exists and is not a socket; remove it or set control.socket"
                    + " to another path");
        }
        if (answers(path)) {
            throw new ControlServerException("another pdsupd is listening on " + path);
        }
        try {
            Files.deleteIfExists(path);
            log.info("control: removed stale socket {}", path);
        } catch (IOException e) {
            throw new ControlServerException("cannot remove the stale socket " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSocket(Path path) throws ControlServerException {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer && ((Integer) mode & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            try {
                return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
            } catch (IOException io) {
                throw new ControlServerException("cannot inspect " + path + ": " + io.getMessage(), io);
            }
        } catch (IOException e) {
            throw new ControlServerException("cannot inspect " + path + ": " + e.getMessage(), e);
        }
    }

    /** Whether something accepts connections on the socket (a non-blocking connect, so a full backlog counts). */
    private static boolean answers(Path path) throws ControlServerException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.configureBlocking(false);
            ch.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (msg.contains("refused")) return false;
            if (msg.contains("temporarily unavailable")) return true; // listening, backlog full
            throw new ControlServerException("cannot tell whether a pdsupd is listening on " + path + ": "
                    + e.getMessage(), e);
        }
    }

    /** chmod, then chown / chgrp when asked; errors name the path and what was wanted. */
    static void applyOwnership(Path path, int mode, String owner, String group) throws ControlServerException {
        try {
            Files.setPosixFilePermissions(path, permissions(mode));
        } catch (IOException e) {
            throw new ControlServerException("cannot set mode " + Integer.toOctalString(mode) + " on " + path + ": "
                    + e.getMessage(), e);
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        if (owner != null) {
            try {
                UserPrincipal user = lookup.lookupPrincipalByName(owner);
                Files.setOwner(path, user);
            } catch (UserPrincipalNotFoundException e) {
                throw new ControlServerException("cannot give " + path + " to user '" + owner + "': no such user", e);
            } catch (IOException e) {
                throw new ControlServerException("cannot give " + path + " to user '" + owner + "': " + e.getMessage(), e);
            }
        }
        if (group != null) {
            try {
                GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(g);
            } catch (UserPrincipalNotFoundException e) {
                throw new ControlServerException("cannot set group '" + group + "' on " + path + ": no such group", e);
            } catch (IOException e) {
                throw new ControlServerException("cannot set group '" + group + "' on " + path + ": " + e.getMessage(), e);
            }
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
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

    /** Removes the socket file (Netty's server channel also deletes it when it closes). */
    static void remove(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("control: cannot remove {}: {}", path, e.getMessage());
        }
    }
}
