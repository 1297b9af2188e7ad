package org.pdsup.daemon.supervisor;

import java.time.Instant;

/**
 * Told the outcome of every configuration reload ({@code pdctl reload}, SIGHUP), on the thread that finished
 * it; must not block. Metrics observe reloads through it.
 */
@FunctionalInterface
public interface ReloadListener {

    /** {@code applied}: the new configuration is in effect; false: refused, the running one is unchanged. */
    void reloaded(boolean applied, Instant at);
}
