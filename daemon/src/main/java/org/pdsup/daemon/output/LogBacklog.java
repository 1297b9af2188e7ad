package org.pdsup.daemon.output;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The last N lines of a service's log files, across rotated files, as they were at one moment.
 *
 * <p>{@link #open} runs on the writer thread right after a flush: it opens the current file and every rotated
 * one ({@code .0}, as newsyslog names its newest, then {@code .1}, {@code .2} … while they exist) and notes
 * their sizes, so later rotations and writes change nothing of what is read. {@link #deliver} then runs on
 * any thread: it counts lines backwards from the end to find where the last N begin, and reads forwards from
 * there. With two files (stdout and stderr) and timestamps, lines are merged by their timestamp prefix;
 * without timestamps, each stream's last N lines come one stream after the other.
 */
final class LogBacklog implements Closeable {
    private static final int BLOCK = 64 * 1024;
    /** A line in a file longer than this (not written by us) is delivered in pieces. */
    static final int MAX_LINE = 1024 * 1024;

    /** Receives one line. */
    @FunctionalInterface
    interface Lines {
        void line(StreamKind stream, byte[] data, int len);
    }

    private record Segment(FileChannel channel, long end) {}

    private record Source(StreamKind stream, List<Segment> newestFirst) {}

    /** Where the wanted lines of a source begin: segment index (newest first) and offset; and how many there are. */
    private record Start(int segment, long offset, long count) {}

    private final List<Source> sources;
    private final int lines;
    private final boolean merge;

    private LogBacklog(List<Source> sources, int lines, boolean merge) {
        this.sources = sources;
        this.lines = lines;
        this.merge = merge;
    }

    /**
     * Opens the files of {@code files} (stream label, current file) as they are now: the current file, those
     * set aside by a rotation but not yet numbered, {@code .0}, then {@code .1}, {@code .2} … while they exist.
     */
    static LogBacklog open(List<Map.Entry<StreamKind, Path>> files, int lines, boolean merge, Rotations rotations)
            throws IOException {
        List<Source> sources = new ArrayList<>();
        try {
            for (Map.Entry<StreamKind, Path> f : files) {
                Path cur = f.getValue();
                List<Segment> segs = new ArrayList<>();
                IOException failed = rotations.underLock(cur, aside -> {
                    try {
                        addIfExists(segs, cur);
                        for (Path p : aside) addIfExists(segs, p);
                        addIfExists(segs, RotatingLogFile.rotated(cur, 0));
                        for (int i = 1; addIfExists(segs, RotatingLogFile.rotated(cur, i)); i++) {
                            // every rotated file that exists, newest first
                        }
                        return null;
                    } catch (IOException e) {
                        return e;
                    }
                });
                sources.add(new Source(f.getKey(), segs));
                if (failed != null) throw failed;
            }
        } catch (IOException | RuntimeException e) {
            new LogBacklog(sources, 0, false).close();
            throw e;
        }
        return new LogBacklog(sources, lines, merge);
    }

    private static boolean addIfExists(List<Segment> segs, Path p) throws IOException {
        FileChannel ch = LogFiles.openForReading(p); // no link, no file of another user
        if (ch == null) return false;
        segs.add(new Segment(ch, ch.size()));
        return true;
    }

    /** Sends the lines to {@code out}, oldest first, until done or {@code stop} says so. */
    void deliver(Lines out, BooleanSupplier stop) throws IOException {
        if (lines == 0 || sources.isEmpty()) return;
        List<Forward> readers = new ArrayList<>();
        long total = 0;
        for (Source s : sources) {
            Start start = findStart(s.newestFirst(), lines);
            readers.add(new Forward(s, start));
            total += start.count();
        }
        if (readers.size() == 1 || !merge) {
            for (Forward r : readers) {
                for (byte[] l = r.next(); l != null && !stop.getAsBoolean(); l = r.next()) out.line(r.stream(), l, r.length());
            }
            return;
        }
        Forward a = readers.get(0);
        Forward b = readers.get(1);
        long skip = Math.max(0, total - lines);
        byte[] la = a.next();
        int lenA = a.length();
        byte[] lb = b.next();
        int lenB = b.length();
        while ((la != null || lb != null) && !stop.getAsBoolean()) {
            boolean takeA = lb == null || (la != null && compareTimestamps(la, lenA, lb, lenB) <= 0);
            if (takeA) {
                if (skip > 0) skip--; else out.line(a.stream(), la, lenA);
                la = a.next();
                lenA = a.length();
            } else {
                if (skip > 0) skip--; else out.line(b.stream(), lb, lenB);
                lb = b.next();
                lenB = b.length();
            }
        }
    }

    /** Orders lines by their leading RFC 3339 UTC timestamps, which sort as text. */
    static int compareTimestamps(byte[] a, int lenA, byte[] b, int lenB) {
        int n = TimestampPrefix.LENGTH - 1;
        return Arrays.compare(a, 0, Math.min(n, lenA), b, 0, Math.min(n, lenB));
    }

    /**
     * Counts line starts backwards from the newest segment: a line starts at offset 0 of a non-empty file and
     * after every newline that is not the file's last byte.
     */
    private static Start findStart(List<Segment> newestFirst, int want) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        long count = 0;
        int oldestNonEmpty = -1;
        for (int i = 0; i < newestFirst.size(); i++) {
            Segment s = newestFirst.get(i);
            if (s.end() == 0) continue;
            oldestNonEmpty = i;
            long pos = s.end() - 1;
            while (pos > 0) {
                int n = (int) Math.min(BLOCK, pos);
                long from = pos - n;
                readFully(s.channel(), block, from, n);
                byte[] b = block.array();
                for (int j = n - 1; j >= 0; j--) {
                    if (b[j] == '\n' && ++count == want) return new Start(i, from + j + 1, count);
                }
                pos = from;
            }
            if (++count == want) return new Start(i, 0, count);
        }
        return new Start(Math.max(oldestNonEmpty, 0), 0, count);
    }

    private static void readFully(FileChannel ch, ByteBuffer block, long from, int n) throws IOException {
        block.clear().limit(n);
        long at = from;
        while (block.hasRemaining()) {
            int r = ch.read(block, at);
            if (r < 0) throw new IOException("log file shrank while reading it");
            at += r;
        }
    }

    /** Reads lines forwards from a {@link Start} to the recorded end of the newest segment. */
    private static final class Forward {
        private final Source source;
        private int segment;
        private long pos;
        private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
        private byte[] line = new byte[256];
        private int length;

        Forward(Source source, Start start) {
            this.source = source;
            this.segment = source.newestFirst().isEmpty() || start.count() == 0 ? -1 : start.segment();
            this.pos = start.offset();
            block.limit(0);
        }

        StreamKind stream() {
            return source.stream();
        }

        int length() {
            return length;
        }

        /** The next line (in a reused array, valid up to {@link #length()}), or null at the end. */
        byte[] next() throws IOException {
            length = 0;
            while (segment >= 0) {
                if (!block.hasRemaining() && !fill()) {
                    segment--;
                    pos = 0;
                    block.clear().limit(0);
                    if (length > 0) return line;
                    continue;
                }
                while (block.hasRemaining()) {
                    byte c = block.get();
                    if (c == '\n') return line;
                    if (length == line.length) line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
                    line[length++] = c;
                    if (length == MAX_LINE) return line;
                }
            }
            return length > 0 ? line : null;
        }

        private boolean fill() throws IOException {
            Segment s = source.newestFirst().get(segment);
            long left = s.end() - pos;
            if (left <= 0) return false;
            int n = (int) Math.min(BLOCK, left);
            readFully(s.channel(), block, pos, n);
            block.flip();
            pos += n;
            return true;
        }
    }

    @Override
    public void close() {
        for (Source s : sources) {
            for (Segment seg : s.newestFirst()) {
                try {
                    seg.channel().close();
                } catch (IOException ignored) {
                    // read-only channel: nothing to lose
                }
            }
        }
    }
}
