package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state file {@code STATE-DIR/persistent.state}: which persistent ({@code PD_DAEMON}) services were
 * running, as {@code NAME PID START-SECONDS START-NANOS} lines, so a new pdsupd can re-adopt them instead of
 * starting second copies. Rewritten atomically (temporary file, fsync, rename) whenever such a service gains
 * or loses its process, so even a {@code kill -9} of pdsupd leaves it true.
 */
public final class PersistentState {
    private static final Logger LOG = LoggerFactory.getLogger(PersistentState.class);
    static final String FILE = "persistent.state";

    /** One recorded process. */
    public record Entry(String service, int pid, Instant startTime) {}

    private final Path file;

    public PersistentState(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    /** A larger file is not a state file pdsupd wrote (a line is about 40 bytes). */
    static final long MAX_BYTES = 1 << 20;

    /**
     * The recorded processes, or none when the file is missing or cannot be trusted: it must be a regular file
     * (not a symbolic link), owned by the user pdsupd runs as, writable by nobody else, and at most
     * {@link #MAX_BYTES} long. An untrusted file is named in an error and ignored (its services start anew).
     */
    public List<Entry> load() {
        List<Entry> entries = new ArrayList<>();
        List<String> lines;
        try {
            String untrusted = untrusted(file);
            if (untrusted != null) {
                LOG.error("{}: {}; ignoring it: the persistent services it names are not re-adopted", file, untrusted);
                return entries;
            }
            try (java.io.InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                lines = new String(in.readNBytes((int) MAX_BYTES), StandardCharsets.UTF_8).lines().toList();
            }
        } catch (NoSuchFileException e) {
            return entries;
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}; persistent services will be started anew", file, e.getMessage());
            return entries;
        }
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.trim().split("\\s+");
            try {
                entries.add(new Entry(f[0], Integer.parseInt(f[1]),
                        Instant.ofEpochSecond(Long.parseLong(f[2]), Long.parseLong(f[3]))));
            } catch (RuntimeException e) {
                LOG.warn("{}:{}: ignoring malformed line: {}", file, n, line);
            }
        }
        return entries;
    }

    /** Why {@code f} is not a state file this pdsupd can trust, or null. */
    static String untrusted(Path f) throws IOException {
        PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) return a.isSymbolicLink() ? "is a symbolic link" : "is not a regular file";
        String self = ProcessHandle.current().info().user().orElse(null);
        if (self != null && !a.owner().getName().equals(self)) {
            return "is owned by " + a.owner().getName() + ", not by " + self + " (the user pdsupd runs as)";
        }
        Set<PosixFilePermission> p = a.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            return "is writable by others (mode " + PosixFilePermissions.toString(p) + ")";
        }
        if (a.size() > MAX_BYTES) return "is " + a.size() + " bytes long, more than pdsupd ever writes";
        return null;
    }

    public void save(List<Entry> entries) {
        StringBuilder sb = new StringBuilder("# pdsupd persistent services: name pid start-seconds start-nanos\n");
        for (Entry e : entries) {
            sb.append(e.service()).append(' ').append(e.pid()).append(' ')
                    .append(e.startTime().getEpochSecond()).append(' ').append(e.startTime().getNano()).append('\n');
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            // a new file of our own: whatever was at the temporary name (a symbolic link planted there) goes
            Files.deleteIfExists(tmp);
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ch.write(java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.error("cannot write {}: {}; a restarted pdsupd may not re-adopt persistent services", file,
                    e.getMessage());
        }
    }
}
