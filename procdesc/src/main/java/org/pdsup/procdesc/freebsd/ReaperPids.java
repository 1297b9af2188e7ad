package org.pdsup.procdesc.freebsd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import jnr.ffi.Pointer;

import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * The reaper's view of its descendants: {@code procctl(P_PID, 0, PROC_REAP_STATUS)} for how many there are, then
 * {@code PROC_REAP_GETPIDS} for one {@code struct procctl_reaper_pidinfo} each (sys/sys/procctl.h; layouts in
 * {@link ReaperLayouts}). {@code reap_getpids} in sys/kern/kern_procctl.c fills at most {@code rp_count} entries,
 * each with {@code REAPER_PIDINFO_VALID}, plus {@code _CHILD} when the reaper is the real parent and
 * {@code _ZOMBIE} when the process has exited and awaits wait(2); unused entries stay zeroed (no VALID bit), which
 * is how the filled prefix ends.
 */
final class ReaperPids {
    private ReaperPids() {}

    /** Room for descendants that appear between PROC_REAP_STATUS and PROC_REAP_GETPIDS. */
    static final int SLACK = 32;

    /**
     * The zombies among {@code count} pidinfo entries at {@code infos} that this process may reap: valid, a
     * zombie, our own child (wait4 can reap nothing else), and not claimed by {@code tracked} (a process object
     * or a spawn in flight reaps those itself).
     */
    static List<Integer> zombieChildren(Pointer infos, int count, IntPredicate tracked) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long base = (long) i * ReaperLayouts.PIDINFO_SIZE;
            int flags = infos.getInt(base + ReaperLayouts.PI_FLAGS);
            if ((flags & REAPER_PIDINFO_VALID) == 0) break;
            int want = REAPER_PIDINFO_ZOMBIE | REAPER_PIDINFO_CHILD;
            int pid = infos.getInt(base + ReaperLayouts.PI_PID);
            if ((flags & want) == want && !tracked.test(pid)) out.add(pid);
        }
        return out;
    }

    /** Lists the reaper's descendants and returns its reapable zombie children (see {@link #zombieChildren}). */
    static List<Integer> zombieChildren(FreeBsdLibc libc, IntPredicate tracked) {
        Pointer status = FreeBsdNative.allocate(ReaperLayouts.STATUS_SIZE);
        if (libc.procctl(P_PID, 0L, PROC_REAP_STATUS, status) != 0) {
            throw new NativeCallException("procctl(P_PID, 0, PROC_REAP_STATUS)", FreeBsdNative.errno());
        }
        if ((status.getInt(ReaperLayouts.RS_FLAGS) & REAPER_STATUS_OWNED) == 0) {
            throw new IllegalStateException("not a reaper: PROC_REAP_GETPIDS would list init's descendants");
        }
        int descendants = status.getInt(ReaperLayouts.RS_DESCENDANTS);
        if (descendants == 0) return List.of();
        int capacity = descendants + SLACK;
        Pointer infos = FreeBsdNative.allocate((long) capacity * ReaperLayouts.PIDINFO_SIZE);
        Pointer pids = FreeBsdNative.allocate(ReaperLayouts.PIDS_SIZE);
        pids.putInt(ReaperLayouts.RP_COUNT, capacity);
        pids.putPointer(ReaperLayouts.RP_PIDS, infos);
        if (libc.procctl(P_PID, 0L, PROC_REAP_GETPIDS, pids) != 0) {
            throw new NativeCallException("procctl(P_PID, 0, PROC_REAP_GETPIDS)", FreeBsdNative.errno());
        }
        return zombieChildren(infos, capacity, tracked);
    }
}
