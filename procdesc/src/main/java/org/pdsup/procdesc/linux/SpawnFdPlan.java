package org.pdsup.procdesc.linux;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order of posix_spawn file actions that puts parent descriptors into their child slots (a parallel move,
 * as in register allocation), using no descriptor number above what the moves already name except one
 * temporary, and that one the <em>lowest</em> number from 3 up that no move reads or writes.
 *
 * <p>Why it is correct. A move {@code src -> dst} may run once no other pending move still reads {@code dst}
 * (else the dup2 would destroy a source). Runnable moves are emitted one by one. When none is runnable, every
 * pending move's {@code dst} is read by another pending move, so following "dst is read by" from any move
 * comes back to a move already seen: the pending moves contain a cycle (a move {@code fd -> fd} is a cycle of
 * one). The plan then copies one source {@code s} of that cycle to the temporary {@code t} and makes every
 * pending reader of {@code s} read {@code t}; the move writing {@code s} becomes runnable, so each round makes
 * progress and the plan ends after at most {@code moves + cycles} dup2 actions. {@code t} is never a slot
 * and never a pending source when chosen; after its cycle has run nobody reads it, so one number serves every
 * cycle. Examples: {@code 3->4, 4->3} gives {@code dup2(3,t) dup2(4,3) dup2(t,4)}; {@code 5->5} gives
 * {@code dup2(5,t) dup2(t,5)}, which also clears close-on-exec (a dup2 between equal numbers would not).
 * Every emitted dup2 has distinct numbers, so every slot ends without close-on-exec.
 *
 * <p>The temporary is below the descriptor limit whenever the slots are: it is at most
 * {@code 3 + sources + slots}. The old plan put temporaries above the highest descriptor in use, which
 * glibc refuses with EBADF once that is near {@code RLIMIT_NOFILE} (issue 15, defect 10). A temporary left
 * below {@code closeFrom} is closed with the other non-slot descriptors; one at or above it by closefrom.
 */
final class SpawnFdPlan {
    private SpawnFdPlan() {}

    /** One file action. */
    sealed interface Step permits Dup2, Close {}

    /** {@code dup2(from, to)}. */
    record Dup2(int from, int to) implements Step {}

    /** {@code close(fd)}. */
    record Close(int fd) implements Step {}

    /**
     * The dup2 actions for {@code moves}, then the closes of every descriptor from 3 below {@code closeFrom}
     * that is not a slot (rfork RFCFDG: the JVM's descriptors there must not leak into the child).
     *
     * @throws IllegalArgumentException if two moves write the same slot or a number is negative
     */
    static List<Step> plan(List<PosixSpawn.Move> moves, int closeFrom) {
        Set<Integer> slots = new HashSet<>();
        for (PosixSpawn.Move m : moves) {
            if (m.parentFd() < 0 || m.childFd() < 0) throw new IllegalArgumentException("negative descriptor in " + m);
            if (!slots.add(m.childFd())) {
                throw new IllegalArgumentException("two descriptors moved into child slot " + m.childFd());
            }
        }
        List<Step> steps = new ArrayList<>();
        List<int[]> pending = new ArrayList<>(); // {src, dst}
        for (PosixSpawn.Move m : moves) pending.add(new int[] {m.parentFd(), m.childFd()});
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (int i = 0; i < pending.size(); i++) {
                int[] m = pending.get(i);
                if (m[0] != m[1] && !readByOther(pending, m)) {
                    steps.add(new Dup2(m[0], m[1]));
                    pending.remove(i--);
                    progress = true;
                }
            }
            if (progress) continue;
            int source = pending.get(0)[0];
            int temp = lowestUnused(pending, slots);
            steps.add(new Dup2(source, temp));
            for (int[] m : pending) {
                if (m[0] == source) m[0] = temp;
            }
        }
        for (int fd = 3; fd < closeFrom; fd++) {
            if (!slots.contains(fd)) steps.add(new Close(fd));
        }
        return steps;
    }

    private static boolean readByOther(List<int[]> pending, int[] move) {
        for (int[] other : pending) {
            if (other != move && other[0] == move[1]) return true;
        }
        return false;
    }

    private static int lowestUnused(List<int[]> pending, Set<Integer> slots) {
        int fd = 3;
        while (true) {
            int candidate = fd;
            if (!slots.contains(candidate) && pending.stream().noneMatch(m -> m[0] == candidate)) return candidate;
            fd++;
        }
    }
}
