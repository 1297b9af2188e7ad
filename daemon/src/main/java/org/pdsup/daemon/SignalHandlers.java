package org.pdsup.daemon;

import org.pdsup.procdesc.posix.SignalDispositions;
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
        handle(d, "TERM", () -> {
            LOG.info("SIGTERM: stopping");
            d.supervisor().shutdown();
        });
        handle(d, "INT", () -> {
            LOG.info("SIGINT: stopping");
            d.supervisor().shutdown();
        });
        handle(d, "HUP", () -> {
            LOG.info("SIGHUP: reloading the configuration");
            d.supervisor().reload();
        });
        handle(d, "USR1", () -> {
            LOG.info("SIGUSR1: reopening log files");
            d.output().reopenAll();
        });
        handle(d, "CHLD", () -> d.supervisor().collectOrphans());
    }

    private static void handle(Pdsupd d, String name, Runnable action) {
        try {
            // an ignored HUP/INT/TERM (nohup, trap '' INT) would make the JVM skip the handler silently
            int number = d.procdesc().signalNumber(org.pdsup.procdesc.Signal.parse(name).orElseThrow());
            if (SignalDispositions.unignore(number)) {
                LOG.info("SIG{} was ignored when pdsupd started; handling it", name);
            }
            JvmSignals.handle(name, action);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // IllegalArgumentException: the JVM keeps it (HUP, INT and TERM under -Xrs / ReduceSignalUsage)
            LOG.warn("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }
}
