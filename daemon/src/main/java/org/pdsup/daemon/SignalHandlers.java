package org.pdsup.daemon;

import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.posix.SignalDispositions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pdsupd's signals: TERM and INT stop gracefully, HUP reloads, USR1 reopens log files (newsyslog), USR2
 * re-executes pdsupd keeping every service ({@code pdctl reexec}), CHLD
 * reaps orphaned descendants (we are their reaper). Handlers run on the JVM's signal thread and only hand over
 * to the {@link Actions} that {@link Pdsupd} gives them. SIGCHLD, which comes with every exit, is taken from the
 * kernel-event thread instead where procdesc can ({@link ProcessDescriptors#watchChildSignal}): the JVM starts a
 * new thread for each signal it dispatches.
 */
final class SignalHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(SignalHandlers.class);

    private SignalHandlers() {}

    /** What each signal does; each must only hand over, never wait. */
    record Actions(Runnable shutdown, Runnable reload, Runnable reopenLogs, Runnable collectOrphans, Runnable reexec) {}

    static void install(ProcessDescriptors procdesc, ExitWatcher watcher, Actions a) {
        handle(procdesc, "TERM", () -> {
            LOG.info("SIGTERM: stopping");
            a.shutdown().run();
        });
        handle(procdesc, "INT", () -> {
            LOG.info("SIGINT: stopping");
            a.shutdown().run();
        });
        handle(procdesc, "HUP", () -> {
            LOG.info("SIGHUP: reloading the configuration");
            a.reload().run();
        });
        handle(procdesc, "USR1", () -> {
            LOG.info("SIGUSR1: reopening log files");
            a.reopenLogs().run();
        });
        handle(procdesc, "USR2", () -> {
            LOG.info("SIGUSR2: re-executing pdsupd (live upgrade)");
            a.reexec().run();
        });
        if (procdesc.watchChildSignal(watcher, a.collectOrphans())) {
            LOG.debug("SIGCHLD: taken on the kernel-event thread");
        } else {
            handle(procdesc, "CHLD", a.collectOrphans());
        }
    }

    private static void handle(ProcessDescriptors procdesc, String name, Runnable action) {
        try {
            // an ignored HUP/INT/TERM (nohup, trap '' INT) would make the JVM skip the handler silently
            int number = procdesc.signalNumber(org.pdsup.procdesc.Signal.parse(name).orElseThrow());
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
