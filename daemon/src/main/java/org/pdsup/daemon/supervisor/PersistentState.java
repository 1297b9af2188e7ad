package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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

    public List<Entry> load() {
        List<Entry> entries = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
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

    public void save(List<Entry> entries) {
        StringBuilder sb = new StringBuilder("# pdsupd persistent services: name pid start-seconds start-nanos\n");
        for (Entry e : entries) {
            sb.append(e.service()).append(' ').append(e.pid()).append(' ')
                    .append(e.startTime().getEpochSecond()).append(' ').append(e.startTime().getNano()).append('\n');
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
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
