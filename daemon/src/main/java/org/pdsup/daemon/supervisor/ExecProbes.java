package org.pdsup.daemon.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.pdsup.config.ServiceConfig;
import org.pdsup.daemon.supervisor.probe.ExecProbe;
import org.pdsup.procdesc.SpawnSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ExecProbe} of a service's command ({@code ready.command} or {@code health.command}): run as the
 * service is (user, groups, limits, directory, environment), its output into the service's log behind
 * {@code prefix} (pdsupd's own log for a persistent service, whose output pdsupd does not capture).
 */
final class ExecProbes {
    private static final Logger LOG = LoggerFactory.getLogger(ExecProbes.class);

    private ExecProbes() {}

    static ExecProbe of(ServiceMachine.Host host, ServiceConfig cfg, List<String> argv, Duration timeout,
                        String prefix) {
        SpawnSpec spec = SpawnSpec.builder(Path.of(argv.get(0)), argv)
                .environment(cfg.environment())
                .directory(cfg.directory())
                .credentials(SpawnSpecs.execOptions(cfg.credentials()))
                .build();
        return new ExecProbe(host.procdesc(), host.watcher(), spec, timeout, line -> {
            if (cfg.persist() || !host.output().note(cfg.name(), prefix + line)) {
                LOG.info("{}: {}{}", cfg.name(), prefix, line);
            }
        }, host::exitCollected);
    }
}
