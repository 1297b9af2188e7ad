package org.pdsup.daemon.supervisor;

import java.nio.file.Path;

import org.pdsup.config.Credentials;
import org.pdsup.config.ServiceConfig;
import org.pdsup.procdesc.ExecOptions;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.SpawnSpec;

/** Turns a service's configuration into what procdesc spawns. */
final class SpawnSpecs {
    private SpawnSpecs() {}

    /**
     * @param readyFd the write end of the notify-fd readiness pipe, or -1
     */
    static SpawnSpec of(ServiceConfig cfg, Redirect stdout, Redirect stderr, int readyFd) {
        SpawnSpec.Builder b = SpawnSpec.builder(Path.of(cfg.command().get(0)), cfg.command())
                .environment(AdoptionGuard.environmentOf(cfg))
                .directory(cfg.directory())
                .stdin(Redirect.devNull())
                .stdout(stdout)
                .stderr(stderr)
                .daemon(cfg.persist())
                .credentials(execOptions(cfg.credentials()));
        for (int fd : cfg.inheritFds()) {
            b.passFd(fd, fd);
        }
        if (readyFd >= 0) {
            b.passFd(cfg.ready().fd(), readyFd);
        }
        return b.build();
    }

    static ExecOptions execOptions(Credentials c) {
        return new ExecOptions(c.uid(), c.gid(), c.groupIds(), c.umask(), c.nice(), c.rlimits(), c.setsid(),
                c.uid() == null ? null : c.loginClass());
    }
}
