package org.pdsup.procdesc.freebsd;

import java.util.Set;

import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pdsup.procdesc.freebsd.FreeBsdConstants.*;

/**
 * Which zombies reapOrphans takes from a PROC_REAP_GETPIDS answer: an array of {@code struct
 * procctl_reaper_pidinfo} (72 bytes each: pi_pid, pi_subtree, pi_flags, pi_pad0[15]) as reap_getpids in
 * sys/kern/kern_procctl.c writes it, laid out here in native memory.
 */
class ReaperPidsTest {
    private static Pointer infos(int[][] entries, int capacity) {
        Pointer p = FreeBsdNative.allocate((long) capacity * ReaperLayouts.PIDINFO_SIZE);
        for (int i = 0; i < entries.length; i++) {
            long base = (long) i * ReaperLayouts.PIDINFO_SIZE;
            p.putInt(base + ReaperLayouts.PI_PID, entries[i][0]);
            p.putInt(base + ReaperLayouts.PI_SUBTREE, entries[i][0]);
            p.putInt(base + ReaperLayouts.PI_FLAGS, entries[i][1]);
        }
        return p;
    }

    @Test
    void everyUntrackedZombieChildIsTakenEvenBehindATrackedOne() {
        int valid = REAPER_PIDINFO_VALID;
        int[][] entries = {
            {101, valid | REAPER_PIDINFO_CHILD | REAPER_PIDINFO_ZOMBIE},   // a spawn's child, not yet collected
            {102, valid | REAPER_PIDINFO_CHILD | REAPER_PIDINFO_ZOMBIE},   // an orphan: ours to reap
            {103, valid | REAPER_PIDINFO_ZOMBIE},                          // a grandchild: its parent reaps it
            {104, valid | REAPER_PIDINFO_CHILD},                           // running
            {105, valid | REAPER_PIDINFO_CHILD | REAPER_PIDINFO_EXITING},  // exiting, not yet a zombie
            {106, valid | REAPER_PIDINFO_CHILD | REAPER_PIDINFO_ZOMBIE | REAPER_PIDINFO_REAPER},
        };
        Set<Integer> tracked = Set.of(101);
        assertThat(ReaperPids.zombieChildren(infos(entries, 10), 10, tracked::contains)).containsExactly(102, 106);
    }

    @Test
    void theFilledPrefixEndsAtTheFirstEntryWithoutTheValidBit() {
        int zombie = REAPER_PIDINFO_VALID | REAPER_PIDINFO_CHILD | REAPER_PIDINFO_ZOMBIE;
        Pointer p = infos(new int[][] {{7, zombie}, {0, 0}, {9, zombie}}, 3);
        assertThat(ReaperPids.zombieChildren(p, 3, pid -> false)).containsExactly(7);
        assertThat(ReaperPids.zombieChildren(infos(new int[0][], 4), 4, pid -> false)).isEmpty();
    }

    @Test
    void theFlagsAreTheHeadersBits() {
        // sys/sys/procctl.h: REAPER_PIDINFO_VALID 0x1, CHILD 0x2, REAPER 0x4, ZOMBIE 0x8, STOPPED 0x10, EXITING 0x20
        assertThat(new int[] {REAPER_PIDINFO_VALID, REAPER_PIDINFO_CHILD, REAPER_PIDINFO_REAPER, REAPER_PIDINFO_ZOMBIE,
            REAPER_PIDINFO_STOPPED, REAPER_PIDINFO_EXITING}).containsExactly(0x1, 0x2, 0x4, 0x8, 0x10, 0x20);
        assertThat(ReaperLayouts.PIDINFO_SIZE).isEqualTo(72);
        assertThat(ReaperLayouts.RP_PIDS).isEqualTo(64);
    }
}
