package org.pdsup.daemon.metrics;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.pdsup.daemon.supervisor.ReloadListener;

/**
 * The outcome of the configuration reloads so far, as {@code pdsup_config_*} exposes it. It starts as a
 * successful load at the time it is made (pdsupd makes it right after loading its configuration at start-up,
 * as Prometheus' {@code prometheus_config_last_reload_*} do); the supervisor reports every reload through
 * {@link ReloadListener}. Any thread; a scrape reads one consistent {@link State}.
 */
final class ReloadStatus implements ReloadListener {

    /**
     * @param lastSuccessful whether the last reload (or the start-up load) was applied
     * @param lastSuccess    when the configuration in effect was loaded
     * @param reloads        reloads attempted since start-up
     * @param failures       reloads refused since start-up
     */
    record State(boolean lastSuccessful, Instant lastSuccess, long reloads, long failures) { }

    private final AtomicReference<State> state;

    ReloadStatus(Instant loadedAt) {
        state = new AtomicReference<>(new State(true, loadedAt, 0, 0));
    }

    @Override
    public void reloaded(boolean applied, Instant at) {
        state.updateAndGet(s -> applied
                ? new State(true, at.isAfter(s.lastSuccess()) ? at : s.lastSuccess(), s.reloads() + 1, s.failures())
                : new State(false, s.lastSuccess(), s.reloads() + 1, s.failures() + 1));
    }

    State state() {
        return state.get();
    }
}
