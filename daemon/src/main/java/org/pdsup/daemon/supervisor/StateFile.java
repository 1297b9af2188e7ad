package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One of pdsupd's state files in {@code STATE-DIR} ({@code sessions.state}, {@code persistent.state}): a header
 * comment, then one record per line, blank-separated fields, the first a service name.
 *
 * <p>Reading trusts the file only if it is a regular file (not a symbolic link), owned by the user pdsupd runs
 * as, writable by nobody else, and at most {@link #MAX_BYTES} long; otherwise it is refused whole, with the
 * reason. A line that does not parse, or a last line without its newline (a write cut short), is skipped with
 * its file and line number.
 *
 * <p>Writing replaces the file atomically: a new temporary file ({@code CREATE_NEW}, not following links, mode
 * 0600; whatever was planted at its name is removed first), optionally forced to disk, renamed over the file.
 * {@link #append} then adds one line to that same file with one {@code write(2)}: the line is in the file the
 * moment the call returns, so a {@code kill -9} of pdsupd right after loses nothing.
 */
final class StateFile implements AutoCloseable {
    /**
     * A larger file is not one pdsupd wrote: a record is at most a few hundred bytes (a service name is at most
     * 64 characters), and an appended file is compacted before it holds twice its live records.
     */
    static final long MAX_BYTES = 16L << 20;

    /** Turns one line's fields into a record; throws {@link IllegalArgumentException} (or any runtime exception) when they do not parse. */
    @FunctionalInterface
    interface RecordParser<T> {
        T parse(String[] fields);
    }

    /**
     * What {@link #read} found: the records in file order; {@code refused}, when not null, says why the whole file
     * was not used (it names the file); {@code skipped} names each line that was not.
     */
    record Contents<T>(List<T> records, String refused, List<String> skipped) {}

    private final Path file;
    private final String header;
    private final boolean durable;
    /** The file written last by {@link #replace}, open for {@link #append}; null before or after a failure. */
    private FileChannel appending;

    /**
     * @param header  the comment on the first line (without {@code #} and newline)
     * @param durable force each replacement to disk before the rename (the file must survive the host, not only
     *                pdsupd)
     */
    StateFile(Path file, String header, boolean durable) {
        this.file = file;
        this.header = header;
        this.durable = durable;
    }

    Path file() {
        return file;
    }

    /** The file's records; none when it is missing, refused, or unreadable (then {@code refused} says why). */
    <T> Contents<T> read(RecordParser<T> parser) {
        String text;
        try {
            String untrusted = untrusted(file);
            if (untrusted != null) return new Contents<>(List.of(), file + " " + untrusted, List.of());
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    return new Contents<>(List.of(), file + " grew past " + MAX_BYTES + " bytes while read", List.of());
                }
                text = new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            return new Contents<>(List.of(), null, List.of());
        } catch (IOException e) {
            return new Contents<>(List.of(), "cannot read " + file + ": " + e.getMessage(), List.of());
        }
        List<T> records = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int start = 0;
        int n = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            n++;
            if (end < 0) {
                skipped.add(file + ":" + n + ": ignoring a last line without its newline (a write cut short): "
                        + shortened(text.substring(start)));
                break;
            }
            String line = text.substring(start, end);
            start = end + 1;
            if (line.isBlank() || line.startsWith("#")) continue;
            try {
                records.add(parser.parse(line.trim().split("\\s+")));
            } catch (RuntimeException e) {
                skipped.add(file + ":" + n + ": ignoring a malformed line: " + shortened(line));
            }
        }
        return new Contents<>(records, null, skipped);
    }

    private static String shortened(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "… (" + line.length() + " characters)";
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

    /** Replaces the file by the header and {@code lines} (each without its newline); {@link #append} adds to it. */
    void replace(Iterable<String> lines) throws IOException {
        closeAppending();
        StringBuilder sb = new StringBuilder("# ").append(header).append('\n');
        for (String l : lines) sb.append(l).append('\n');
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.getParent());
        // a new file of our own: whatever was at the temporary name (a symbolic link planted there) goes
        Files.deleteIfExists(tmp);
        FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            writeFully(ch, sb);
            if (durable) ch.force(true);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        appending = ch; // the descriptor follows the renamed file
    }

    /**
     * Adds {@code line} to the file {@link #replace} wrote last, in one write; false (nothing written) when there
     * is none open, so the caller replaces the whole file instead.
     */
    boolean append(String line) throws IOException {
        if (appending == null) return false;
        try {
            writeFully(appending, new StringBuilder(line.length() + 1).append(line).append('\n'));
            if (durable) appending.force(false);
            return true;
        } catch (IOException | RuntimeException e) {
            closeAppending();
            throw e;
        }
    }

    private static void writeFully(FileChannel ch, CharSequence text) throws IOException {
        ByteBuffer b = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(text));
        while (b.hasRemaining()) ch.write(b);
    }

    private void closeAppending() {
        if (appending == null) return;
        try {
            appending.close();
        } catch (IOException ignored) {
            // nothing was pending: every write went straight to the file
        }
        appending = null;
    }

    @Override
    public void close() {
        closeAppending();
    }
}
