package org.pdsup.daemon.control;

import java.util.concurrent.atomic.AtomicBoolean;

/** Server-wide state the handlers consult: whether the daemon is shutting down. Thread-safe. */
final class ServerState {
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    /** True for the first caller only. */
    boolean beginShutdown() {
        return shuttingDown.compareAndSet(false, true);
    }

    private volatile boolean restarting;

    /** A live re-exec is under way (true), or was given up (false). */
    void restarting(boolean on) {
        restarting = on;
    }

    boolean restarting() {
        return restarting;
    }

    boolean shuttingDown() {
        return shuttingDown.get();
    }
}
