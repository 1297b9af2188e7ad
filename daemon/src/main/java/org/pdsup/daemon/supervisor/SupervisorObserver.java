package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What the supervisor tells an observer (metrics) as it happens: spawn times, the service set, and (as a
 * {@link ReloadListener}) the outcome of every reload. Everything else (per-service state, counters,
 * CPU, memory) is read from the published {@link SupervisorSnapshot}. Called on the supervisor thread, except
 * {@link #spawnTook}, which a spawner thread may call; implementations must not block.
 */
public interface SupervisorObserver extends ReloadListener {

    /** A spawn took {@code duration}, from the request to the descriptor (or the failure). */
    void spawnTook(Duration duration);

    /** The set of configured services, at boot and after each reload (and when a removed one is forgotten). */
    void servicesChanged(Set<String> names);

    /**
     * A liveness check of {@code service} ended: it took {@code took} and passed or failed. Supervisor thread;
     * only services with a {@code health} check call it.
     */
    default void healthChecked(String service, Duration took, boolean passed) {
    }

    /** Observes nothing: a daemon started with metrics disabled, and tests. */
    SupervisorObserver NONE = new SupervisorObserver() {
        @Override public void spawnTook(Duration duration) { }
        @Override public void servicesChanged(Set<String> names) { }
        @Override public void reloaded(boolean applied, Instant at) { }
    };
}
