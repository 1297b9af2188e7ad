package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.nio.file.Path;
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
 * the service's next process replaces it.
 *
 * <p>Each new process is appended as one line, on the supervisor thread, before its transition is published:
 * a {@code kill -9} of pdsupd at any moment leaves every process it had started recorded (no fsync: the file has
 * to survive the death of pdsupd, not of the host, which ends every process anyway). A name's last line wins.
 * The file is rewritten whole (by {@link StateFile}'s rename) when its lines outnumber the live records by
 * {@link #SLACK}, so writing costs the same per spawn at 10 or 10,000 services. Read with {@link StateFile}'s
 * trust checks. Persistent services are in {@link PersistentState}'s file, never here.
 */
public final class SessionState {
    private static final Logger LOG = LoggerFactory.getLogger(SessionState.class);
    static final String FILE = "sessions.state";
    /** Stale lines tolerated beyond the live records before a rewrite: at most twice the live size, plus this. */
    static final int SLACK = 64;

    /** One recorded service process: its id, start time, process group and session. */
    public record Entry(String service, int pid, Instant startTime, int pgid, int sid) {
        String line() {
            return service + ' ' + pid + ' ' + startTime.getEpochSecond() + ' ' + startTime.getNano() + ' ' + pgid
                    + ' ' + sid;
        }

        static Entry parse(String[] f) {
            if (f.length != 6) throw new IllegalArgumentException("6 fields expected");
            return new Entry(f[0], Integer.parseInt(f[1]), Instant.ofEpochSecond(Long.parseLong(f[2]),
                    Long.parseLong(f[3])), Integer.parseInt(f[4]), Integer.parseInt(f[5]));
        }
    }

    private final StateFile file;
    private final ProcessTable table;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** Lines in the file now (records, not the header). */
    private int lines;

    public SessionState(Path stateDir, ProcessTable table) {
        this.file = new StateFile(stateDir.resolve(FILE),
                "pdsupd non-persistent services' last processes: name pid start-seconds start-nanos pgid sid"
                        + " (a name's last line wins)", false);
        this.table = table;
    }

    public Path file() {
        return file.file();
    }

    /**
     * What the file holds now (left by an earlier pdsupd, or by this one), one entry per service (its last line);
     * none when it is missing or cannot be trusted (an error names the file and why).
     */
    public List<Entry> load() {
        StateFile.Contents<Entry> c = file.read(Entry::parse);
        if (c.refused() != null) {
            LOG.error("{}; ignoring it: what an earlier pdsupd's services left is not looked for", c.refused());
        }
        for (String s : c.skipped()) LOG.warn("{}", s);
        Map<String, Entry> last = new LinkedHashMap<>();
        for (Entry e : c.records()) {
            last.remove(e.service());
            last.put(e.service(), e);
        }
        return new ArrayList<>(last.values());
    }

    /**
     * Live re-exec, in the new program: takes the previous program's entries from the file as this one's, so
     * that {@link #track} of a handed-over process (same PID and start time) finds it recorded and neither looks
     * it up in the process table nor appends a line: the take-over does no per-service /proc read or write.
     * Returns how many entries were taken.
     */
    public int resume() {
        StateFile.Contents<Entry> c = file.read(Entry::parse);
        if (c.refused() != null) {
            LOG.warn("{}; the take-over records every service's process again", c.refused());
            return 0;
        }
        entries.clear();
        for (Entry e : c.records()) {
            entries.remove(e.service());
            entries.put(e.service(), e);
        }
        lines = c.records().size();
        return entries.size();
    }

    /** The entries this pdsupd recorded (its services' last processes). */
    public List<Entry> current() {
        return List.copyOf(entries.values());
    }

    /** The entry of {@code service}, or null. */
    Entry entry(String service) {
        return entries.get(service);
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
        boolean same = id != null && table.sameStart(id.startTime(), pd.startTime());
        Entry e = new Entry(service, pd.pid(), pd.startTime(), same ? id.pgid() : 0, same ? id.sid() : 0);
        entries.put(service, e);
        if (lines >= 2 * entries.size() + SLACK) {
            save();
            return;
        }
        try {
            if (file.append(e.line())) {
                lines++;
                return;
            }
        } catch (IOException ex) {
            LOG.error("cannot append to {}: {}; rewriting it", file.file(), ex.getMessage());
        }
        save();
    }

    /** Forgets every entry and rewrites the file (after a clean-up has ended what they left). */
    public void clear() {
        entries.clear();
        save();
    }

    /** Rewrites the file from this pdsupd's entries (none right after start: the clean-up has run). */
    public void save() {
        List<String> out = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) out.add(e.line());
        try {
            file.replace(out);
            lines = out.size();
        } catch (IOException e) {
            LOG.error("cannot write {}: {}; after a crash of pdsupd, what its services leave may survive",
                    file.file(), e.getMessage());
        }
    }

    /** Closes the file (pdsupd's end). */
    void close() {
        file.close();
    }
}
