package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.util.List;

import org.pdsup.config.ReadyMode;
import org.pdsup.config.ServiceConfig;
import org.pdsup.config.ServiceType;
import org.pdsup.daemon.supervisor.probe.TcpProbe;
import org.pdsup.procdesc.stats.ListeningSockets;
import org.pdsup.procdesc.stats.TcpListener;

/**
 * Readiness that cannot be fooled: before a service with {@code ready.mode = tcp} is spawned, its port must not
 * already accept connections. If it does, another process would answer the readiness probe while the service
 * itself fails to bind (EADDRINUSE), and its dependents would start on a service that is not there; the start
 * fails instead, naming the listener where the system can tell ({@link ListeningSockets}). Runs on a probe thread.
 */
final class PortCheck {
    /** How long the connect may take: the port is local, or a refusal comes at once. */
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(250);

    private PortCheck() {}

    /**
     * True when {@code cfg}'s start is checked: {@code ready.mode = tcp} (a oneshot has no readiness), unless the
     * port is one of the service's own held {@code sockets}, which pdsupd itself listens on.
     */
    static boolean applies(ServiceConfig cfg) {
        return cfg.ready().mode() == ReadyMode.TCP && cfg.type() != ServiceType.ONESHOT
                && cfg.sockets().stream().noneMatch(s -> !s.isUnix() && s.port() == cfg.ready().port());
    }

    /** The error when something already accepts connections on the ready port, else null. Blocks briefly. */
    static String inUse(ServiceConfig cfg, ListeningSockets sockets) {
        String host = cfg.ready().host();
        int port = cfg.ready().port();
        if (!new TcpProbe(host, port, CONNECT_TIMEOUT).run().passed()) return null;
        return "ready.port " + port + " on " + host + " is already accepting connections (listener: "
                + listener(port, sockets) + "); is another instance running?";
    }

    private static String listener(int port, ListeningSockets sockets) {
        if (!sockets.supported()) return "unknown: this system's listening sockets cannot be read";
        List<TcpListener> found;
        try {
            found = sockets.tcpListeners(port);
        } catch (RuntimeException e) {
            return "unknown: " + e.getMessage();
        }
        if (found.isEmpty()) return "unknown (not a local socket this process can see)";
        StringBuilder b = new StringBuilder();
        for (TcpListener l : found) {
            if (b.length() > 0) b.append("; ");
            b.append(l.describe());
        }
        return b.toString();
    }

    /** The start failed because the port is in use. */
    static final class PortInUseException extends Exception {
        PortInUseException(String message) {
            super(message);
        }
    }
}
