package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.stats.ProcessIdentity;
import org.pdsup.procdesc.stats.ProcessTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends what non-persistent services left behind: the members of the session (or, without one, the process
 * group) each recorded service process led, SIGTERM, then SIGKILL after {@link #GRACE}. Runs at start for what
 * a dead pdsupd's services left ({@link SessionState}'s file) and at the end of a graceful shutdown (descendants
 * of services stopped with {@code stop.mode = process}).
 *
 * <p>Never touches a process that is not provably a descendant: a member must carry the recorded group or
 * session id and have started no earlier than the recorded service process, and if a process with the recorded
 * id exists with another start time, the id was reused and the entry is skipped whole. Each target is opened
 * as a process descriptor checked against its start time, so the signal cannot reach a process that reused the
 * PID meanwhile. pdsupd's own group and session are never targets (a service without setsid shares them).
 */
public final class LeftoverCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverCleanup.class);
    /** How long members get to exit after SIGTERM before SIGKILL. */
    public static final Duration GRACE = Duration.ofSeconds(5);

    private final ProcessTable table;
    private final ProcessDescriptors procdesc;
    private final ExitWatcher watcher;

    public LeftoverCleanup(ProcessTable table, ProcessDescriptors procdesc, ExitWatcher watcher) {
        this.table = table;
        this.procdesc = procdesc;
        this.watcher = watcher;
    }

    /** Signals every leftover of {@code entries} and waits (at most {@link #GRACE} plus the KILL); returns how many. */
    public int run(List<SessionState.Entry> entries, String when) {
        if (entries.isEmpty()) return 0;
        if (!table.supported()) {
            LOG.warn("cannot look for processes left by non-persistent services on this system ({}): not "
                    + "implemented here; only terminate-on-close applies", when);
            return 0;
        }
        ProcessIdentity self = table.identity((int) ProcessHandle.current().pid()).orElse(null);
        // every process once, indexed by session and group: entries times processes would be N² at N services
        Map<Integer, List<ProcessIdentity>> bySession = new HashMap<>();
        Map<Integer, List<ProcessIdentity>> byGroup = new HashMap<>();
        Map<Integer, List<ProcessIdentity>> byPid = new HashMap<>();
        for (ProcessIdentity p : table.all()) {
            bySession.computeIfAbsent(p.sid(), k -> new ArrayList<>(1)).add(p);
            byGroup.computeIfAbsent(p.pgid(), k -> new ArrayList<>(1)).add(p);
            byPid.computeIfAbsent(p.pid(), k -> new ArrayList<>(1)).add(p);
        }
        List<ProcessDescriptor> targets = new ArrayList<>();
        for (SessionState.Entry e : entries) {
            List<ProcessIdentity> candidates = (e.sid() == e.pid() ? bySession.get(e.sid())
                    : e.pgid() == e.pid() ? byGroup.get(e.pgid()) : byPid.get(e.pid()));
            List<ProcessIdentity> members = targets(e, candidates == null ? List.of() : candidates,
                    table.identity(e.pid()), self, table);
            for (ProcessIdentity m : members) {
                try {
                    targets.add(procdesc.adopt(m.pid(), m.startTime()));
                } catch (RuntimeException ex) {
                    // exited meanwhile, or the PID now names another process: nothing to do
                }
            }
            if (!members.isEmpty()) {
                LOG.warn("{}: {} process(es) of {} {} (pid {}, started {}) left {}; SIGTERM", e.service(),
                        members.size(), e.sid() == e.pid() ? "session" : "process group", groupId(e), e.pid(),
                        e.startTime(), when);
            }
        }
        if (targets.isEmpty()) return 0;
        CountDownLatch exited = new CountDownLatch(targets.size());
        for (ProcessDescriptor pd : targets) {
            watcher.watch(pd, (p, status) -> exited.countDown());
            signal(pd, Signal.TERM);
        }
        try {
            if (!exited.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                for (ProcessDescriptor pd : targets) {
                    if (pd.isAlive()) {
                        LOG.warn("pid {} did not exit within {} of SIGTERM; SIGKILL", pd.pid(), GRACE);
                        signal(pd, Signal.KILL);
                    }
                }
                exited.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } finally {
            for (ProcessDescriptor pd : targets) {
                watcher.unwatch(pd);
                pd.close();
            }
        }
        return targets.size();
    }

    private static int groupId(SessionState.Entry e) {
        return e.sid() == e.pid() ? e.sid() : e.pgid();
    }

    private static void signal(ProcessDescriptor pd, Signal s) {
        try {
            pd.signal(s);
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    /**
     * The processes to end for {@code e}, given every process now ({@code all}), the process now holding the
     * recorded PID ({@code leaderNow}) and pdsupd itself ({@code self}).
     */
    static List<ProcessIdentity> targets(SessionState.Entry e, List<ProcessIdentity> all,
                                         Optional<ProcessIdentity> leaderNow, ProcessIdentity self, ProcessTable t) {
        if (leaderNow.isPresent() && !t.sameStart(leaderNow.get().startTime(), e.startTime())) {
            LOG.info("{}: pid {} now names a process started at {}, not the service's (started {}): its id was "
                    + "reused, leaving it and its group alone", e.service(), e.pid(), leaderNow.get().startTime(),
                    e.startTime());
            return List.of();
        }
        boolean session = e.sid() == e.pid();
        boolean group = e.pgid() == e.pid();
        Instant notBefore = e.startTime().minus(t.startTimeResolution());
        List<ProcessIdentity> out = new ArrayList<>();
        for (ProcessIdentity p : all) {
            if (p.exited()) continue;
            if (self != null && (p.pid() == self.pid() || p.sid() == self.sid() || p.pgid() == self.pgid())) continue;
            boolean member = session ? p.sid() == e.sid()
                    : group ? p.pgid() == e.pgid()
                    : p.pid() == e.pid();
            if (!member) continue;
            if (p.startTime().isBefore(notBefore)) continue; // older than the service: not its descendant
            if (p.pid() == e.pid() && !t.sameStart(p.startTime(), e.startTime())) continue;
            out.add(p);
        }
        return out;
    }
}
