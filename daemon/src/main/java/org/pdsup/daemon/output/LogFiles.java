package org.pdsup.daemon.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.pdsup.procdesc.posix.Posix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating and opening log files so that nobody but pdsupd's user can redirect or read them.
 *
 * <p>The rule: every directory from {@code /} down to a service's log directory must be owned by root or by
 * pdsupd's user, and writable by nobody else unless it is sticky (like {@code /tmp}); the service directory
 * itself must be a real directory (not a symbolic link) owned by pdsupd's user, mode {@code rwxr-x---}. Then
 * only pdsupd's user can add, rename or replace anything in it, and a name checked there stays what it was
 * when it is opened. On top of that every log file is opened with {@code O_NOFOLLOW} and checked: a regular
 * file, owned by pdsupd's user, with one link (a hard link to {@code /etc/shadow} is refused like a symbolic
 * link), mode {@code rw-r-----}.
 *
 * <p>Modes: directories and files are created with their final mode, which the umask can only narrow, so they
 * are never more open than that for an instant; the exact mode is then set on the entry itself (not following
 * links). An existing directory or file with another mode (pdsupd before 0.1 created 0755 / 0644) is set to
 * the right mode and a warning names it; one owned by another user is refused with an error naming it.
 */
public final class LogFiles {
    private static final Logger log = LoggerFactory.getLogger(LogFiles.class);
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-x---");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");
    private static final FileAttribute<Set<PosixFilePermission>> DIR_ATTR = PosixFilePermissions.asFileAttribute(DIR_MODE);
    private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTR = PosixFilePermissions.asFileAttribute(FILE_MODE);
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int S_ISVTX = 01000;
    private static final int GROUP_OTHER_WRITE = 0022;

    private LogFiles() {}

    /** pdsupd's effective user id. */
    static int self() {
        return Posix.libc().geteuid();
    }

    /**
     * For a service whose files are given to it directly (persistent services): checks the log directories,
     * creates {@code logDir/service} and {@code fileName} in it as {@link #openForAppend} does, and returns
     * the file's path for the spawn to open. Only pdsupd's user can change the directory, so the file cannot be
     * swapped between this check and the spawn's open.
     *
     * @throws IOException naming the path and what is wrong with it
     */
    public static Path prepareDirect(Path logDir, String service, String fileName) throws IOException {
        Path dir = LogLayout.serviceDir(logDir, service);
        prepareServiceDir(logDir, dir);
        Path file = dir.resolve(fileName);
        openForAppend(file).close();
        return file;
    }

    /**
     * Checks the directories down to {@code logDir}, then creates {@code dir} ({@code logDir/NAME}) or checks it
     * and sets its mode.
     */
    static void prepareServiceDir(Path logDir, Path dir) throws IOException {
        if (!Files.exists(logDir)) {
            try {
                Files.createDirectories(logDir, DIR_ATTR); // missing parents too, as pdsupd does at start
            } catch (IOException e) {
                throw new IOException("cannot create log directory " + logDir + ": " + e, e);
            }
        }
        checkAncestors(logDir);
        int self = self();
        Attrs a = Attrs.of(dir);
        if (a == null) {
            try {
                Files.createDirectory(dir, DIR_ATTR);
            } catch (FileAlreadyExistsException e) {
                // made meanwhile: checked below like any existing one
            } catch (IOException e) {
                throw new IOException("cannot create log directory " + dir + ": " + e, e);
            }
            a = Attrs.of(dir);
            if (a == null) throw new IOException("log directory " + dir + " vanished right after it was created");
        }
        if (a.symlink) {
            throw new IOException("log directory " + dir + " is a symbolic link (to " + readLink(dir)
                    + "); refusing to follow it: remove it and pdsupd creates a directory");
        }
        if (!a.directory) throw new IOException("log directory " + dir + " exists and is not a directory");
        if (a.uid != self) {
            throw new IOException("log directory " + dir + " is owned by uid " + a.uid + ", not by pdsupd's uid " + self
                    + "; refusing to write logs where another user can replace them (chown or remove it)");
        }
        if ((a.mode & 07777) != 0750) {
            setMode(dir, DIR_MODE);
            log.warn("log directory {} had mode {}; set to 0750", dir, octal(a.mode));
        }
    }

    /**
     * Every directory from {@code /} to {@code logDir} (as the kernel resolves it): owned by root or pdsupd's
     * user, and not writable by others unless sticky.
     */
    static void checkAncestors(Path logDir) throws IOException {
        Path real;
        try {
            real = logDir.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IOException("log directory " + logDir + " does not exist", e);
        }
        int self = self();
        for (Path p = real; p != null; p = p.getParent()) {
            Attrs a = Attrs.of(p);
            if (a == null) throw new IOException("log directory " + logDir + ": " + p + " vanished while it was checked");
            if (a.uid != 0 && a.uid != self) {
                throw new IOException("log directory " + logDir + ": " + p + " is owned by uid " + a.uid
                        + ", who could replace what pdsupd writes below it; refusing to write logs there");
            }
            if ((a.mode & GROUP_OTHER_WRITE) != 0 && (a.mode & S_ISVTX) == 0) {
                throw new IOException("log directory " + logDir + ": " + p + " is writable by others (mode "
                        + octal(a.mode) + ") and not sticky, so another user could replace what is below it;"
                        + " refusing to write logs there (chmod o-w,g-w or +t)");
            }
        }
    }

    /**
     * Opens (creating it {@code rw-r-----} if needed) the log file {@code path} for appending, without following
     * a symbolic link, and refuses anything but a regular file of pdsupd's user with one link.
     *
     * @throws IOException naming the path and what is wrong with it
     */
    static FileChannel openForAppend(Path path) throws IOException {
        FileChannel ch = null;
        boolean created = false;
        if (Attrs.of(path) == null) {
            try {
                ch = FileChannel.open(path, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND, NOFOLLOW), FILE_ATTR);
                created = true;
            } catch (FileAlreadyExistsException e) {
                // made meanwhile (or a link appeared): opened and checked as an existing file below
            }
        }
        if (ch == null) {
            Attrs before = Attrs.of(path);
            if (before != null) refuseUnlessOurs(path, before);
            try {
                ch = FileChannel.open(path, Set.<OpenOption>of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                        NOFOLLOW));
            } catch (IOException e) {
                Attrs now = Attrs.of(path);
                if (now != null && now.symlink) refuseUnlessOurs(path, now);
                throw e;
            }
        }
        try {
            Attrs a = Attrs.of(path);
            if (a == null) throw new IOException("log file " + path + " vanished right after it was opened");
            refuseUnlessOurs(path, a);
            if ((a.mode & 07777) != 0640) {
                setMode(path, FILE_MODE);
                if (!created) log.warn("log file {} had mode {}; set to 0640", path, octal(a.mode));
            }
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Opens a log file for reading ({@code pdctl logs}), without following a symbolic link; null when it does not
     * exist or is not a plain file of pdsupd's user (a reader must not be shown another file through a link).
     */
    static FileChannel openForReading(Path path) throws IOException {
        Attrs a = Attrs.of(path);
        if (a == null || !a.regular || a.uid != self() || a.links != 1) return null;
        try {
            return FileChannel.open(path, Set.<OpenOption>of(StandardOpenOption.READ, NOFOLLOW));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void refuseUnlessOurs(Path path, Attrs a) throws IOException {
        if (a.symlink) {
            throw new IOException("log file " + path + " is a symbolic link (to " + readLink(path)
                    + "); refusing to write through it: remove it");
        }
        if (!a.regular) throw new IOException("log file " + path + " is not a regular file; refusing to write to it");
        int self = self();
        if (a.uid != self) {
            throw new IOException("log file " + path + " is owned by uid " + a.uid + ", not by pdsupd's uid " + self
                    + "; refusing to write to it (remove it)");
        }
        if (a.links != 1) {
            throw new IOException("log file " + path + " has " + a.links + " hard links, so it may be another file"
                    + " too; refusing to write to it (remove it)");
        }
    }

    private static void setMode(Path p, Set<PosixFilePermission> mode) throws IOException {
        // NOFOLLOW: the JDK opens the entry itself with O_NOFOLLOW and uses fchmod(2)
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, NOFOLLOW);
        view.setPermissions(mode);
    }

    private static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    /** What lstat(2) says about one entry. */
    private record Attrs(boolean symlink, boolean directory, boolean regular, int uid, int mode, int links) {
        /** Null when nothing is there. */
        static Attrs of(Path p) throws IOException {
            try {
                java.util.Map<String, Object> m = Files.readAttributes(p, "unix:mode,uid,nlink,isSymbolicLink,isDirectory,isRegularFile", NOFOLLOW);
                return new Attrs((Boolean) m.get("isSymbolicLink"), (Boolean) m.get("isDirectory"),
                        (Boolean) m.get("isRegularFile"), (Integer) m.get("uid"), (Integer) m.get("mode"),
                        (Integer) m.get("nlink"));
            } catch (NoSuchFileException e) {
                return null;
            }
        }
    }
}
