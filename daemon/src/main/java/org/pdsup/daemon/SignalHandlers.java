package org.pdsup.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pdsupd's signals: TERM and INT stop gracefully, HUP reloads, USR1 reopens log files (newsyslog), CHLD
 * reaps orphaned descendants (we are their reaper). Handlers run on the JVM's signal thread and only hand over
 * to the {@link Actions} that {@link Pdsupd} gives them.
 */
final class SignalHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(SignalHandlers.class);

    private SignalHandlers() {}

    /** What each signal does; each must only hand over, never wait. */
    record Actions(Runnable shutdown, Runnable reload, Runnable reopenLogs, Runnable collectOrphans) {}

    static void install(Actions a) {
        handle("TERM", () -> {
            LOG.info("SIGTERM: stopping");
            a.shutdown().run();
        });
        handle("INT", () -> {
            LOG.info("SIGINT: stopping");
            a.shutdown().run();
        });
        handle("HUP", () -> {
            LOG.info("SIGHUP: reloading the configuration");
            a.reload().run();
        });
        handle("USR1", () -> {
            LOG.info("SIGUSR1: reopening log files");
            a.reopenLogs().run();
        });
        handle("CHLD", a.collectOrphans());
    }

    private static void handle(String name, Runnable action) {
        try {
            JvmSignals.handle(name, action);
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }
}
