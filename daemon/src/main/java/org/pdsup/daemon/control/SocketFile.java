package org.pdsup.daemon.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Set;

import org.pdsup.daemon.files.SocketFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket's file: checking its directory, finding a live or stale socket before binding, binding
 * with its mode and ownership already set, removal.
 *
 * <p>Why a private directory (issue 15 defect 6): chmod/chown after {@code bind} by path follow a symlink that
 * a user who can write the directory puts there in between, so pdsupd could be made to chmod any file 0666.
 * A umask around {@code bind} is process-wide in the JVM (other threads create files meanwhile), and
 * {@code fchmod}/{@code fchown} on the socket descriptor would need the descriptor out of the JDK's channel and
 * are not honoured for sockets everywhere. So pdsupd binds inside a fresh 0700 directory of its own beside
 * the socket, sets mode and owner there (no one else can reach that path), and {@code rename(2)}s the socket
 * into place: the name appears with its final mode, and a symlink at the name is replaced, never followed. A
 * directory others may write is refused unless it is sticky and root-owned (like /tmp), where others cannot
 * rename or remove what pdsupd made.
 */
final class SocketFile {
    private static final Logger log = LoggerFactory.getLogger(SocketFile.class);
    /** The private directory beside the socket: {@code .pXXXXXX}. */
    private static final String PRIVATE_PREFIX = ".p";


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
        checkDirectory(path, dir);
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

    /**
     * Refuses a directory that others may write (group or world) unless it is sticky and owned by root: there
     * they could swap the socket's name for a symlink while pdsupd works on it.
     */
    static void checkDirectory(Path path, Path dir) throws ControlServerException {
        int mode;
        int uid;
        try {
            Path real = dir.toRealPath();
            mode = (Integer) Files.getAttribute(real, "unix:mode");
            uid = (Integer) Files.getAttribute(real, "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new ControlServerException("cannot inspect the directory " + dir + " of the control socket: "
                    + e.getMessage(), e);
        }
        boolean othersWrite = (mode & (SocketFiles.S_IWGRP | SocketFiles.S_IWOTH)) != 0;
        if (othersWrite && !((mode & SocketFiles.S_ISVTX) != 0 && uid == 0)) {
            throw new ControlServerException("refusing to create the control socket " + path + ": its directory "
                    + dir + " (mode " + Integer.toOctalString(mode & 07777) + ") is writable by "
                    + ((mode & SocketFiles.S_IWOTH) != 0 ? "everyone" : "its group")
                    + " without being sticky and owned by root, so another user could replace the socket; use a"
                    + " directory only root (or pdsupd's user) can write, such as /var/run");
        }
    }

    /**
     * Binds through {@code bind} inside a fresh private directory beside {@code path}, sets the mode and
     * ownership there and renames the socket to {@code path}. On failure nothing is left behind.
     *
     * @param bind binds the server socket to the path given; returns what the caller keeps (the channel)
     */
    static <T> T bindInPlace(Path path, int mode, String owner, String group, Binder<T> bind)
            throws ControlServerException {
        Path dir = path.toAbsolutePath().getParent();
        Path privateDir;
        try {
            privateDir = createPrivateDirectory(dir);
        } catch (IOException e) {
            throw new ControlServerException("cannot create a private directory in " + dir + " to bind the control"
                    + " socket: " + e.getMessage(), e);
        }
        Path temporary = privateDir.resolve("s");
        T bound = null;
        try {
            bound = bind.bind(temporary);
            bind.created((Integer) Files.getAttribute(temporary, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                    (Integer) Files.getAttribute(temporary, "unix:gid", LinkOption.NOFOLLOW_LINKS));
            applyOwnership(temporary, path, mode, owner, group);
            try {
                // rename(2): atomic, replaces whatever is at the name (a symlink too) without following it
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new ControlServerException("cannot move the control socket into place at " + path + ": "
                        + e.getMessage(), e);
            }
            return bound;
        } catch (IOException e) {
            if (bound != null) bind.unbind(bound);
            throw new ControlServerException("cannot inspect the new control socket: " + e.getMessage(), e);
        } catch (ControlServerException | RuntimeException e) {
            if (bound != null) bind.unbind(bound);
            throw e;
        } finally {
            try {
                Files.deleteIfExists(temporary);
                Files.deleteIfExists(privateDir);
            } catch (IOException e) {
                log.warn("control: cannot remove the private directory {}: {}", privateDir, e.getMessage());
            }
        }
    }

    private static Path createPrivateDirectory(Path dir) throws IOException {
        return SocketFiles.createPrivateDirectory(dir, PRIVATE_PREFIX);
    }

    /** Binds a server socket to a path; undoes that on failure. */
    interface Binder<T> {
        T bind(Path path) throws ControlServerException;

        void unbind(T bound);

        /** The owner and group the socket was created with, before its configured ones were set. */
        default void created(int uid, int gid) { }
    }

    /**
     * The socket file as bound at {@code path}, found again by its inode. {@code createdUid}/{@code createdGid}:
     * what it was created with, which {@code owner}/{@code group} = null mean.
     */
    static Bound bound(Path path, int createdUid, int createdGid) throws ControlServerException {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return new Bound(path, key, createdUid, createdGid);
        } catch (IOException e) {
            throw new ControlServerException("cannot inspect the control socket " + path + ": " + e.getMessage(), e);
        }
    }

    /** The bound socket file, whose mode and ownership a reload may change. */
    static final class Bound {
        private final Path path;
        private final Object fileKey;
        private final int createdUid;
        private final int createdGid;

        private Bound(Path path, Object fileKey, int createdUid, int createdGid) {
            this.path = path;
            this.fileKey = fileKey;
            this.createdUid = createdUid;
            this.createdGid = createdGid;
        }

        /**
         * Gives the socket a new mode, owner and group (null: as created) without following a symlink: hard-links
         * the name into a fresh private directory (link(2) makes the link to what is at the name, and a symlink
         * there would yield a link whose inode is not the socket's), checks that the link is this pdsupd's
         * socket by its inode, and changes it through that link, which no one else can reach.
         *
         * @throws ControlServerException naming the socket and what could not be done; nothing was changed, or
         *                                (when the chown failed after the chmod) the caller puts the old ones back
         */
        void reapply(int mode, String owner, String group) throws ControlServerException {
            Path dir = path.toAbsolutePath().getParent();
            checkDirectory(path, dir);
            Path privateDir;
            try {
                privateDir = createPrivateDirectory(dir);
            } catch (IOException e) {
                throw new ControlServerException("cannot create a private directory in " + dir + " to change the"
                        + " control socket " + path + ": " + e.getMessage(), e);
            }
            Path link = privateDir.resolve("s");
            try {
                Files.createLink(link, path);
                Object key = Files.readAttributes(link, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
                if (!isSocket(link) || !fileKey.equals(key)) {
                    throw new ControlServerException(path + " is no longer the socket this pdsupd listens on (it was"
                            + " removed or replaced); restart pdsupd to make it again");
                }
                applyOwnership(link, path, mode, owner, group);
                if (owner == null) Files.setAttribute(link, "unix:uid", createdUid, LinkOption.NOFOLLOW_LINKS);
                if (group == null) Files.setAttribute(link, "unix:gid", createdGid, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new ControlServerException("cannot change the control socket " + path + ": " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(link);
                    Files.deleteIfExists(privateDir);
                } catch (IOException e) {
                    log.warn("control: cannot remove the private directory {}: {}", privateDir, e.getMessage());
                }
            }
        }
    }

    private static boolean isSocket(Path path) throws ControlServerException {
        try {
            return SocketFiles.isSocket(path);
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
        try {
            return SocketFiles.accepts(path);
        } catch (IOException e) {
            throw new ControlServerException("cannot tell whether a pdsupd is listening on " + path + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * chmod, then chown / chgrp when asked; errors name the path and what was wanted. These follow symlinks:
     * call it only on a path no one else can change (the private directory of {@link #bindInPlace}).
     *
     * @param at   the file to change
     * @param path the name errors give (where the socket is going)
     */
    static void applyOwnership(Path at, Path path, int mode, String owner, String group) throws ControlServerException {
        try {
            Files.setPosixFilePermissions(at, permissions(mode));
        } catch (IOException e) {
            throw new ControlServerException("cannot set mode " + Integer.toOctalString(mode) + " on " + path + ": "
                    + e.getMessage(), e);
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        if (owner != null) {
            try {
                UserPrincipal user = lookup.lookupPrincipalByName(owner);
                Files.setOwner(at, user);
            } catch (UserPrincipalNotFoundException e) {
                throw new ControlServerException("cannot give " + path + " to user '" + owner + "': no such user", e);
            } catch (IOException e) {
                throw new ControlServerException("cannot give " + path + " to user '" + owner + "': " + e.getMessage(), e);
            }
        }
        if (group != null) {
            try {
                GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
                Files.getFileAttributeView(at, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(g);
            } catch (UserPrincipalNotFoundException e) {
                throw new ControlServerException("cannot set group '" + group + "' on " + path + ": no such group", e);
            } catch (IOException e) {
                throw new ControlServerException("cannot set group '" + group + "' on " + path + ": " + e.getMessage(), e);
            }
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        return SocketFiles.permissions(mode);
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
