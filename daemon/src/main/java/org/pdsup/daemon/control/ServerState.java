package org.pdsup.daemon.control;

import java.util.concurrent.atomic.AtomicBoolean;

/** Server-wide state the handlers consult: whether the daemon is shutting down. Thread-safe. */
final class ServerState {
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    /** True for the first caller only. */
    boolean beginShutdown() {
        return shuttingDown.compareAndSet(false, true);
    }

    boolean shuttingDown() {
        return shuttingDown.get();
    }
}
