package org.pdsup.procdesc.linux;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * JVM-wide record of the children that a live descriptor tracks, so {@code reapOrphans} never reaps one of them
 * (platform-facts pitfall 3). Spawns hold the read lock from posix_spawn until the new PID is tracked (and the
 * helper reaped); reapOrphans holds the write lock, so it never sees a fresh child before it is tracked.
 */
final class ChildRegistry {
    private ChildRegistry() {}

    private static final Set<Integer> TRACKED = ConcurrentHashMap.newKeySet();
    private static final ReadWriteLock LOCK = new ReentrantReadWriteLock();

    static void track(int pid) {
        TRACKED.add(pid);
    }

    static void untrack(int pid) {
        TRACKED.remove(pid);
    }

    static boolean isTracked(int pid) {
        return TRACKED.contains(pid);
    }

    static ReadWriteLock lock() {
        return LOCK;
    }
}
