package org.pdsup.daemon;

import java.util.OptionalLong;

import org.pdsup.config.PdsupConfig;
import org.pdsup.procdesc.posix.DescriptorLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, warns when the descriptor limit ({@code RLIMIT_NOFILE}) is too low for the configured services
 * (issue 15, defect 10). What pdsupd holds:
 * <ul>
 * <li>{@link #BASE} for itself: the JVM's jars and libraries, the kernel-event queue, the control and metrics
 *     sockets, their connections and pdsupd's own log (measured: 56 with one stopped service; the rest is
 *     for connections);</li>
 * <li>{@link #PER_SERVICE} per service: its process descriptor, the read ends of its stdout and stderr pipes,
 *     and up to two open log files (measured: 2 each with the default combined output, 96 descriptors for 20
 *     running services);</li>
 * <li>one per held listening socket ({@code services.NAME.sockets});</li>
 * <li>{@link #PER_SPAWN} per spawn in flight, for {@link #SPAWNS} at once: the write ends of the two output
 *     pipes, {@code /dev/null} for stdin, the exec helper's status pipe (two) and its socket pair (two).</li>
 * </ul>
 */
final class DescriptorBudget {
    private static final Logger LOG = LoggerFactory.getLogger(DescriptorBudget.class);
    static final int BASE = 128;
    static final int PER_SERVICE = 5;
    static final int PER_SPAWN = 7;
    static final int SPAWNS = 4;

    private DescriptorBudget() {}

    /** Descriptors pdsupd may need with {@code services} services. */
    static long needed(int services) {
        return needed(services, 0);
    }

    /** Descriptors pdsupd may need with {@code services} services holding {@code sockets} listening sockets. */
    static long needed(int services, int sockets) {
        return BASE + (long) PER_SERVICE * services + sockets + (long) PER_SPAWN * SPAWNS;
    }

    /** Logs a warning when the soft limit is below {@link #needed}; returns the message, if any. */
    static String check(PdsupConfig config) {
        OptionalLong limit = DescriptorLimit.soft();
        if (limit.isEmpty()) return null;
        int services = config.services().size();
        int sockets = config.services().values().stream().mapToInt(s -> s.sockets().size()).sum();
        long need = needed(services, sockets);
        if (limit.getAsLong() >= need) return null;
        String msg = "the descriptor limit (RLIMIT_NOFILE) is " + limit.getAsLong() + ", below the " + need
                + " that " + services + (services == 1 ? " service" : " services") + " may need (" + BASE + " for pdsupd, " + PER_SERVICE
                + " per service, " + (sockets == 0 ? "" : sockets + " for held sockets, ") + PER_SPAWN * SPAWNS
                + " for spawns in flight); spawns and connections may "
                + "fail with 'Too many open files': raise it (ulimit -n, LimitNOFILE=, login.conf openfiles)";
        LOG.warn(msg);
        return msg;
    }
}
