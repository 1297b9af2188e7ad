package org.pdsup.daemon;

import org.pdsup.procdesc.posix.SignalDispositions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;

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
            Signal signal = new Signal(name);
            // an ignored HUP/INT/TERM (nohup, trap '' INT) would make the JVM skip the handler silently
            if (SignalDispositions.unignore(signal.getNumber())) {
                LOG.info("SIG{} was ignored when pdsupd started; handling it", name);
            }
            Signal.handle(signal, s -> action.run());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // IllegalArgumentException: the JVM keeps it (HUP, INT and TERM under -Xrs / ReduceSignalUsage)
            LOG.warn("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }
}
