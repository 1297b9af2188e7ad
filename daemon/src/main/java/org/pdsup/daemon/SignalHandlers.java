package org.pdsup.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pdsupd's signals: TERM and INT stop gracefully, HUP reloads, USR1 reopens log files (newsyslog), CHLD
 * reaps orphaned descendants (we are their reaper). Handlers run on the JVM's signal thread and only hand over.
 */
final class SignalHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(SignalHandlers.class);

    private SignalHandlers() {}

    static void install(Pdsupd d) {
        handle("TERM", () -> {
            LOG.info("SIGTERM: stopping");
            d.supervisor().shutdown();
        });
        handle("INT", () -> {
            LOG.info("SIGINT: stopping");
            d.supervisor().shutdown();
        });
        handle("HUP", () -> {
            LOG.info("SIGHUP: reloading the configuration");
            d.supervisor().reload();
        });
        handle("USR1", () -> {
            LOG.info("SIGUSR1: reopening log files");
            d.output().reopenAll();
        });
        handle("CHLD", () -> d.supervisor().collectOrphans());
    }

    private static void handle(String name, Runnable action) {
        try {
            JvmSignals.handle(name, action);
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }
}
