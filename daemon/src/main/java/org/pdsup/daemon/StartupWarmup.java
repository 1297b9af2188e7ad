package org.pdsup.daemon;

import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.posix.Posix;
import org.pdsup.procdesc.stats.ProcessTable;
import org.slf4j.LoggerFactory;

/**
 * Loads, on a second thread while the main thread reads the configuration, what the daemon needs next and what
 * does not depend on the configuration: the process-descriptor backend and its C library bindings (jnr-ffi
 * finds the library and generates each binding class at run time: about 60 ms for the first, 15 ms for each
 * other, none of it in the class-data archive) and the logging set-up (logback sets itself up: about
 * 40 ms). On the main thread these ran one after the other between the configuration and the first spawn
 * (docs/benchmarks.md, "Start path (issue 22, branch start-path)").
 *
 * <p>Only loading, nothing the daemon's behaviour depends on: each step is one that the main thread takes again
 * when it needs it (a class's static initialiser runs once, and a second thread arriving meanwhile waits for it;
 * {@link ProcessDescriptors#system()} is cached), so whichever thread gets there first does the work. A failure
 * here is ignored: the main thread meets the same failure where it needs the thing and reports it there, as it
 * did without this thread.
 */
final class StartupWarmup {
    static final String THREAD_NAME = "pdsupd-warmup";

    private StartupWarmup() {}

    /** Starts the loading thread (a daemon thread: it never holds up the JVM's exit) and returns it. */
    static Thread begin() {
        return begin(StartupWarmup::load);
    }

    /** As {@link #begin()}, running {@code work}; whatever it throws ends the thread and nothing else. */
    static Thread begin(Runnable work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | LinkageError e) {
                // the main thread meets it again where it needs this, and reports it there
            }
        }, THREAD_NAME);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void load() {
        // in the order the main thread needs them: the configuration looks up accounts through the shared
        // binding; the daemon then logs, and sets up the backend and the process table
        Posix.libc();
        LoggerFactory.getLogger(StartupWarmup.class); // logback sets itself up once (logging.LogSetup)
        ProcessDescriptors.system().describe();     // the backend and its C library binding
        ProcessTable.system().supported();           // the process table (leftovers, sessions)
    }
}
