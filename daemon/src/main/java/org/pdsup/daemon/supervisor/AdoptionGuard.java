package org.pdsup.daemon.supervisor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.pdsup.config.ServiceConfig;
import org.pdsup.procdesc.stats.ProcessTable;

/**
 * Decides whether a process named in {@code persistent.state} is really the persistent service a later pdsupd
 * should re-adopt. The record's pid and start time rule out a reused id; this adds that the process is a
 * service of ours at all, so that a corrupt or hostile record cannot make pdsupd take over (and later signal)
 * somebody else's process:
 *
 * <ul>
 *   <li>every persistent service is spawned with {@value #MARKER}{@code =NAME} in its environment; a process
 *       whose initial environment carries it for this name is ours;</li>
 *   <li>a process with the variable set for another name is not;</li>
 *   <li>a process without it (spawned by a pdsupd from before the variable) is ours only when its argument
 *       vector is exactly the service's configured command;</li>
 *   <li>where the system's process table cannot be read (FreeBSD for now) the pid and start time decide, as
 *       before.</li>
 * </ul>
 */
final class AdoptionGuard {
    /** The environment variable of a persistent service (documented in docs/configuration.md). */
    static final String MARKER = "PDSUP_PERSISTENT_SERVICE";

    private final ProcessTable table;

    AdoptionGuard(ProcessTable table) {
        this.table = table;
    }

    /** The environment a persistent service is spawned with: its own plus the marker. */
    static Map<String, String> environmentOf(ServiceConfig cfg) {
        if (!cfg.persist()) return cfg.environment();
        java.util.LinkedHashMap<String, String> env = new java.util.LinkedHashMap<>(cfg.environment());
        env.put(MARKER, cfg.name());
        return env;
    }

    /** Why {@code pid} is not the service {@code cfg}'s process, or null when it is (or cannot be told). */
    String whyNotOurs(int pid, ServiceConfig cfg) {
        if (!table.supported()) return null;
        Optional<List<String>> env = table.environment(pid);
        if (env.isEmpty()) return null; // gone meanwhile: adopt() will say so
        String prefix = MARKER + "=";
        for (String e : env.get()) {
            if (e.startsWith(prefix)) {
                String name = e.substring(prefix.length());
                return name.equals(cfg.name()) ? null
                        : "it is persistent service '" + name + "' (" + MARKER + "), not '" + cfg.name() + "'";
            }
        }
        Optional<List<String>> argv = table.commandLine(pid);
        if (argv.isPresent() && argv.get().equals(cfg.command())) return null;
        return "it has no " + MARKER + " in its environment and runs " + argv.map(a -> String.join(" ", a)).orElse("?")
                + ", not the service's command";
    }
}
