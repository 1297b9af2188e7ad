package org.pdsup.daemon.supervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
        return of(cfg, stdout, stderr, readyFd, null);
    }

    /**
     * @param sockets held listening sockets, passed as descriptors 3, 4, … with LISTEN_FDS, LISTEN_FDNAMES and
     *                (set by the exec helper in the child) LISTEN_PID, or null
     */
    static SpawnSpec of(ServiceConfig cfg, Redirect stdout, Redirect stderr, int readyFd, HeldSockets sockets) {
        return of(cfg, environmentOf(cfg), stdout, stderr, readyFd, sockets);
    }

    /** The environment a spawn of {@code cfg} gets, unmodifiable: the same for every spawn until a reload. */
    static Map<String, String> environmentOf(ServiceConfig cfg) {
        return Map.copyOf(AdoptionGuard.environmentOf(cfg));
    }

    /**
     * @param environment {@link #environmentOf(ServiceConfig) environmentOf(cfg)}, or the same kept from an
     *                    earlier spawn of the same {@code cfg} ({@link Service#spawnEnvironment()}): passed to
     *                    the spec uncopied
     */
    static SpawnSpec of(ServiceConfig cfg, Map<String, String> environment, Redirect stdout, Redirect stderr,
                        int readyFd, HeldSockets sockets) {
        SpawnSpec.Builder b = SpawnSpec.builder(Path.of(cfg.command().get(0)), cfg.command())
                .environment(environment)
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
        if (sockets != null) {
            List<Integer> fds = sockets.fds();
            for (int i = 0; i < fds.size(); i++) b.passFd(3 + i, fds.get(i));
            b.env("LISTEN_FDS", Integer.toString(fds.size())).env("LISTEN_FDNAMES", sockets.names()).listenPid(true);
        }
        return b.build();
    }

    static ExecOptions execOptions(Credentials c) {
        return new ExecOptions(c.uid(), c.gid(), c.groupIds(), c.umask(), c.nice(), c.rlimits(), c.setsid(),
                c.uid() == null ? null : c.loginClass());
    }
}
