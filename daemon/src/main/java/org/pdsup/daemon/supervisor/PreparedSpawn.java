package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.pdsup.config.ReadyMode;
import org.pdsup.config.ServiceConfig;
import org.pdsup.daemon.output.Capture;
import org.pdsup.daemon.output.RunOutput;
import org.pdsup.procdesc.Fds;
import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.SpawnSpec;

/**
 * What one spawn of a service takes: its spec, its output (captured, or {@link DirectOutput} for a persistent
 * service, which must not write into a pipe of this supervisor that it outlives), and the notify-fd pipe.
 */
record PreparedSpawn(SpawnSpec spec, RunOutput output, Pipe readyPipe) {

    static PreparedSpawn of(ServiceConfig cfg, Capture capture, ProcessDescriptors procdesc, Path logDir)
            throws IOException {
        return of(cfg, capture, procdesc, logDir, null);
    }

    /** @param sockets the service's held listening sockets, or null */
    static PreparedSpawn of(ServiceConfig cfg, Capture capture, ProcessDescriptors procdesc, Path logDir,
                            HeldSockets sockets) throws IOException {
        return of(cfg, SpawnSpecs.environmentOf(cfg), capture, procdesc, logDir, sockets);
    }

    /** @param environment the spawn's environment ({@link SpawnSpecs#environmentOf}), kept per configuration */
    static PreparedSpawn of(ServiceConfig cfg, Map<String, String> environment, Capture capture,
                            ProcessDescriptors procdesc, Path logDir, HeldSockets sockets) throws IOException {
        RunOutput output = cfg.persist() ? DirectOutput.of(cfg.name(), cfg.output(), logDir)
                : capture.open(cfg.name(), cfg.output());
        Pipe notify = null;
        try {
            if (cfg.ready().mode() == ReadyMode.NOTIFY_FD) notify = procdesc.pipe();
            return new PreparedSpawn(SpawnSpecs.of(cfg, environment, output.stdout(), output.stderr(),
                    notify == null ? -1 : notify.writeFd(), sockets), output, notify);
        } catch (RuntimeException e) {
            discard(output, notify);
            throw e;
        }
    }

    /** The spawn failed: close everything of it. */
    void discard() {
        discard(output, readyPipe);
    }

    private static void discard(RunOutput output, Pipe notify) {
        output.abandon();
        if (notify != null) {
            Fds.close(notify.readFd());
            Fds.close(notify.writeFd());
        }
    }
}
