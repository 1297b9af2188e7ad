package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state file {@code STATE-DIR/persistent.state}: which persistent ({@code PD_DAEMON}) services were
 * running, as {@code NAME PID START-SECONDS START-NANOS} lines, so a new pdsupd can re-adopt them instead of
 * starting second copies. Rewritten atomically by {@link StateFile} (new temporary file, fsync, rename)
 * whenever such a service gains or loses its process, so even a {@code kill -9} of pdsupd leaves it true; read
 * with its trust checks (an untrusted file is named in an error and ignored: its services start anew).
 */
public final class PersistentState {
    private static final Logger LOG = LoggerFactory.getLogger(PersistentState.class);
    static final String FILE = "persistent.state";

    /** One recorded process. */
    public record Entry(String service, int pid, Instant startTime) {
        static Entry parse(String[] f) {
            if (f.length != 4) throw new IllegalArgumentException("4 fields expected");
            return new Entry(f[0], Integer.parseInt(f[1]),
                    Instant.ofEpochSecond(Long.parseLong(f[2]), Long.parseLong(f[3])));
        }
    }

    private final StateFile file;

    public PersistentState(Path stateDir) {
        this.file = new StateFile(stateDir.resolve(FILE), "pdsupd persistent services: name pid start-seconds start-nanos",
                true);
    }

    public Path file() {
        return file.file();
    }

    /** The recorded processes, or none when the file is missing or cannot be trusted ({@link StateFile}). */
    public List<Entry> load() {
        StateFile.Contents<Entry> c = file.read(Entry::parse);
        if (c.refused() != null) {
            LOG.error("{}; ignoring it: the persistent services it names are not re-adopted", c.refused());
        }
        for (String s : c.skipped()) LOG.warn("{}", s);
        return c.records();
    }

    public void save(List<Entry> entries) {
        List<String> lines = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            lines.add(e.service() + ' ' + e.pid() + ' ' + e.startTime().getEpochSecond() + ' '
                    + e.startTime().getNano());
        }
        try {
            file.replace(lines);
        } catch (IOException e) {
            LOG.error("cannot write {}: {}; a restarted pdsupd may not re-adopt persistent services", file.file(),
                    e.getMessage());
        }
        file.close(); // only ever replaced whole
    }
}
