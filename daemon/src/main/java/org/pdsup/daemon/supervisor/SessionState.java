package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.stats.ProcessIdentity;
import org.pdsup.procdesc.stats.ProcessTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state file {@code STATE-DIR/sessions.state}: the last process of every non-persistent service, as
 * {@code NAME PID START-SECONDS START-NANOS PGID SID} lines, so that a pdsupd started after a {@code kill -9} of
 * this one can end what those services left behind (their process group or session; terminate-on-close ends
 * only the service process itself). A line stays after its process exits (its descendants may live on) until
 * the service's next process replaces it. Written by rename of a temporary file on the supervisor thread, once
 * per burst of new processes (a kill -9 in between loses that burst's lines), without fsync: it has to survive the death of pdsupd, not of the host (which ends every process anyway).
 * Persistent services are in {@link PersistentState}'s file, never here.
 */
public final class SessionState {
    private static final Logger LOG = LoggerFactory.getLogger(SessionState.class);
    static final String FILE = "sessions.state";

    /** One recorded service process: its id, start time, process group and session. */
    public record Entry(String service, int pid, Instant startTime, int pgid, int sid) {}

    private final Path file;
    private final ProcessTable table;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final java.util.concurrent.Executor later;
    private boolean savePending;

    /**
     * @param later runs a task after the current one on the supervisor thread: a burst of spawns (a boot, a
     *              reload) is written once, not once per spawn
     */
    public SessionState(Path stateDir, ProcessTable table, java.util.concurrent.Executor later) {
        this.file = stateDir.resolve(FILE);
        this.table = table;
        this.later = later;
    }

    public Path file() {
        return file;
    }

    /** What the file holds now (left by an earlier pdsupd, or by this one). */
    public List<Entry> load() {
        List<Entry> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}; what an earlier pdsupd's services left is not cleaned up", file,
                    e.getMessage());
            return out;
        }
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.trim().split("\\s+");
            try {
                if (f.length != 6) throw new IllegalArgumentException("6 fields expected");
                out.add(new Entry(f[0], Integer.parseInt(f[1]),
                        Instant.ofEpochSecond(Long.parseLong(f[2]), Long.parseLong(f[3])),
                        Integer.parseInt(f[4]), Integer.parseInt(f[5])));
            } catch (RuntimeException e) {
                LOG.warn("{}:{}: ignoring malformed line: {}", file, n, line);
            }
        }
        return out;
    }

    /** The entries this pdsupd recorded (its services' last processes). */
    public List<Entry> current() {
        return List.copyOf(entries.values());
    }

    /**
     * Supervisor thread: {@code service} (non-persistent) now runs as {@code pd}; records its group and session
     * when it is a new process. A process that is already gone is recorded with its own id as group and
     * session only if it led them; otherwise nothing beyond itself can be found later.
     */
    public void track(String service, ProcessDescriptor pd) {
        Entry old = entries.get(service);
        if (old != null && old.pid() == pd.pid() && old.startTime().equals(pd.startTime())) return;
        ProcessIdentity id = table.identity(pd.pid()).orElse(null);
        int pgid = id != null && table.sameStart(id.startTime(), pd.startTime()) ? id.pgid() : 0;
        int sid = id != null && table.sameStart(id.startTime(), pd.startTime()) ? id.sid() : 0;
        entries.put(service, new Entry(service, pd.pid(), pd.startTime(), pgid, sid));
        if (!savePending) {
            savePending = true;
            later.execute(() -> {
                savePending = false;
                save();
            });
        }
    }

    /** Forgets every entry and rewrites the file (after a clean-up has ended what they left). */
    public void clear() {
        entries.clear();
        save();
    }

    /** Rewrites the file from this pdsupd's entries (none right after start: the clean-up has run). */
    public void save() {
        StringBuilder sb = new StringBuilder(
                "# pdsupd non-persistent services' last processes: name pid start-seconds start-nanos pgid sid\n");
        for (Entry e : entries.values()) {
            sb.append(e.service()).append(' ').append(e.pid()).append(' ').append(e.startTime().getEpochSecond())
                    .append(' ').append(e.startTime().getNano()).append(' ').append(e.pgid()).append(' ')
                    .append(e.sid()).append('\n');
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.error("cannot write {}: {}; after a crash of pdsupd, what its services leave may survive", file,
                    e.getMessage());
        }
    }
}
