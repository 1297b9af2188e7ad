package org.pdsup.procdesc.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link SpawnFdPlan} run against a simulated child descriptor table: every slot ends up holding its source's
 * open file, no number above the highest one the moves name (plus the one temporary) is ever used, and cycles
 * (3->4, 4->3; fd->fd) resolve with a single low temporary.
 */
class SpawnFdPlanTest {

    /** Applies the plan to a table where descriptor n holds "file n"; returns the final table. */
    private static Map<Integer, String> run(List<PosixSpawn.Move> moves, int closeFrom, int highestOpen) {
        Map<Integer, String> table = new HashMap<>();
        for (int fd = 0; fd <= highestOpen; fd++) table.put(fd, "file" + fd);
        for (SpawnFdPlan.Step s : SpawnFdPlan.plan(moves, closeFrom)) {
            if (s instanceof SpawnFdPlan.Dup2 d) {
                assertThat(d.from()).as("dup2 between equal numbers keeps close-on-exec").isNotEqualTo(d.to());
                assertThat(table).as("dup2 from a closed descriptor %d", d.from()).containsKey(d.from());
                table.put(d.to(), table.get(d.from()));
            } else {
                table.remove(((SpawnFdPlan.Close) s).fd());
            }
        }
        return table;
    }

    private static void assertPlaced(List<PosixSpawn.Move> moves, Map<Integer, String> table) {
        for (PosixSpawn.Move m : moves) {
            assertThat(table.get(m.childFd())).as("slot %d", m.childFd()).isEqualTo("file" + m.parentFd());
        }
    }

    @Test
    void swapUsesOneLowTemporary() {
        List<PosixSpawn.Move> moves = List.of(new PosixSpawn.Move(3, 4), new PosixSpawn.Move(4, 3));
        List<SpawnFdPlan.Step> steps = SpawnFdPlan.plan(moves, 5);
        assertThat(steps).containsExactly(new SpawnFdPlan.Dup2(3, 5), new SpawnFdPlan.Dup2(4, 3),
                new SpawnFdPlan.Dup2(5, 4));
        assertPlaced(moves, run(moves, 5, 10));
    }

    @Test
    void identityMoveGoesThroughTheTemporary() {
        List<PosixSpawn.Move> moves = List.of(new PosixSpawn.Move(7, 0), new PosixSpawn.Move(3, 3));
        List<SpawnFdPlan.Step> steps = SpawnFdPlan.plan(moves, 4);
        assertThat(steps).containsExactly(new SpawnFdPlan.Dup2(7, 0), new SpawnFdPlan.Dup2(3, 4),
                new SpawnFdPlan.Dup2(4, 3));
        assertPlaced(moves, run(moves, 4, 10));
    }

    @Test
    void highSourcesNeedNoNumberAboveThemNorAboveTheSlots() {
        // the JVM holds descriptors up to 1020 under a limit of 1024: the pipes it just made are the highest
        List<PosixSpawn.Move> moves = List.of(new PosixSpawn.Move(1018, 0), new PosixSpawn.Move(1019, 1),
                new PosixSpawn.Move(1020, 2), new PosixSpawn.Move(1017, 3), new PosixSpawn.Move(1016, 4));
        for (SpawnFdPlan.Step s : SpawnFdPlan.plan(moves, 5)) {
            if (s instanceof SpawnFdPlan.Dup2 d) assertThat(d.to()).isLessThan(5);
        }
        assertPlaced(moves, run(moves, 5, 1020));
    }

    @Test
    void closesEveryNonSlotBelowCloseFromAfterTheMoves() {
        List<PosixSpawn.Move> moves = List.of(new PosixSpawn.Move(5, 1), new PosixSpawn.Move(6, 7));
        Map<Integer, String> table = run(moves, 8, 20);
        assertPlaced(moves, table);
        for (int fd = 3; fd < 8; fd++) {
            if (fd != 7) assertThat(table).doesNotContainKey(fd);
        }
        assertThat(table.get(0)).isEqualTo("file0"); // inherited slots are left alone
    }

    @Test
    void randomPermutationsAndSharedSources() {
        Random r = new Random(15);
        for (int round = 0; round < 2000; round++) {
            int n = 1 + r.nextInt(7);
            List<Integer> slots = new ArrayList<>();
            for (int i = 0; i < 10; i++) slots.add(i);
            java.util.Collections.shuffle(slots, r);
            List<PosixSpawn.Move> moves = new ArrayList<>();
            int highest = 0;
            for (int i = 0; i < n; i++) {
                int src = r.nextInt(12); // sources may coincide: stdout and stderr into one pipe
                moves.add(new PosixSpawn.Move(src, slots.get(i)));
                highest = Math.max(highest, Math.max(src, slots.get(i)));
            }
            int closeFrom = highest + 1;
            for (SpawnFdPlan.Step s : SpawnFdPlan.plan(moves, closeFrom)) {
                if (s instanceof SpawnFdPlan.Dup2 d && moves.stream().noneMatch(m -> m.childFd() == d.to())) {
                    assertThat(d.to()).as("temporary for %s", moves).isLessThanOrEqualTo(3 + 2 * n);
                }
            }
            assertPlaced(moves, run(moves, closeFrom, 12));
        }
    }

    @Test
    void twoSourcesForOneSlotAreRefused() {
        assertThatThrownBy(() -> SpawnFdPlan.plan(List.of(new PosixSpawn.Move(3, 1), new PosixSpawn.Move(4, 1)), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slot 1");
    }
}
