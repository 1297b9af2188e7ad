package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.pdsup.config.ListenSocket;
import org.pdsup.procdesc.ListeningSocket;
import org.pdsup.procdesc.ProcessDescriptorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening sockets pdsupd holds for one service ({@code services.NAME.sockets}): opened at its first spawn,
 * kept across its restarts and crashes (clients wait in the backlog meanwhile), closed when it is removed or its
 * {@code sockets} change. Each spawn passes them as descriptors 3, 4, … with {@code LISTEN_FDS},
 * {@code LISTEN_PID} and {@code LISTEN_FDNAMES}. pdsupd's own copies are close-on-exec, so no other service's
 * child sees them. Confined to the supervisor thread.
 *
 * <p>Never closed while a spawn of the service is in flight (the spawner thread dup2s the numbers): a changed set
 * is replaced at the next spawn, or at once by {@link #closeIfIdle} when the service has no process and no spawn.
 */
final class HeldSockets {
    private static final Logger LOG = LoggerFactory.getLogger(HeldSockets.class);

    private final String service;
    private final List<ListenSocket> config;
    private final List<ListeningSocket> open;

    private HeldSockets(String service, List<ListenSocket> config, List<ListeningSocket> open) {
        this.service = service;
        this.config = List.copyOf(config);
        this.open = List.copyOf(open);
    }

    /**
     * The sockets for the spawn about to be handed over: those held already when the configuration still names
     * them, else (first spawn, or changed by a reload) newly opened ones. Null when the service has none.
     *
     * @throws IOException naming the socket that cannot be opened (every other one opened here is closed again)
     */
    static HeldSockets forSpawn(Service svc) throws IOException {
        List<ListenSocket> wanted = svc.config.sockets();
        HeldSockets held = svc.heldSockets;
        if (held != null && held.config.equals(wanted)) return held;
        if (held != null) {
            held.close("its sockets changed");
            svc.heldSockets = null;
        }
        if (wanted.isEmpty()) return null;
        svc.heldSockets = open(svc.name, wanted);
        return svc.heldSockets;
    }

    /** Closes the held sockets of a service that neither runs nor spawns (removed, or changed while down). */
    static void closeIfIdle(Service svc, String why) {
        if (svc.heldSockets == null || svc.active()) return;
        if (!svc.removed && svc.heldSockets.config.equals(svc.config.sockets())) return;
        svc.heldSockets.close(why);
        svc.heldSockets = null;
    }

    /** The daemon is done: closes what is held (socket files are removed; a persistent service has none). */
    static void release(Service svc) {
        if (svc.heldSockets == null) return;
        svc.heldSockets.close("pdsupd is exiting");
        svc.heldSockets = null;
    }

    /** Live re-exec, old program: what the next program gets (descriptor numbers, open across the exec). */
    static List<HandoverState.HeldSocketRecord> handOver(Service svc) {
        HeldSockets held = svc.heldSockets;
        if (held == null) return List.of();
        List<HandoverState.HeldSocketRecord> out = new ArrayList<>();
        for (int i = 0; i < held.open.size(); i++) {
            out.add(new HandoverState.HeldSocketRecord(held.config.get(i).listen(), held.open.get(i).fd()));
        }
        return out;
    }

    /**
     * Live re-exec, new program: holds what the previous program held for {@code svc}, still bound (clients wait
     * in the backlog throughout). When the configuration's sockets are no longer those, they are closed, and the
     * next spawn opens the configured ones.
     */
    static void takeOver(Service svc, List<HandoverState.HeldSocketRecord> handed) {
        if (handed.isEmpty()) return;
        List<ListeningSocket> taken = new ArrayList<>();
        for (HandoverState.HeldSocketRecord h : handed) {
            try {
                taken.add(ListeningSocket.inherited(h.fd(), h.listen()));
            } catch (ProcessDescriptorException e) {
                LOG.error("{}: cannot hold socket {} after re-exec: {}", svc.name, h.listen(), e.getMessage());
            }
        }
        List<String> configured = svc.config.sockets().stream().map(ListenSocket::listen).toList();
        List<String> got = handed.stream().map(HandoverState.HeldSocketRecord::listen).toList();
        if (taken.size() == handed.size() && configured.equals(got)) {
            svc.heldSockets = new HeldSockets(svc.name, svc.config.sockets(), taken);
            LOG.info("{}: holding {} (handed over)", svc.name, describe(svc.config.sockets()));
            return;
        }
        taken.forEach(ListeningSocket::close);
        LOG.info("{}: closed the handed-over sockets {} (the configuration now has {})", svc.name, got, configured);
    }

    private static HeldSockets open(String service, List<ListenSocket> wanted) throws IOException {
        List<ListeningSocket> opened = new ArrayList<>();
        try {
            for (ListenSocket s : wanted) {
                try {
                    opened.add(s.isUnix() ? UnixSocketPlacement.bind(s)
                            : ListeningSocket.tcp(s.address(), s.port(), s.backlog()));
                } catch (ProcessDescriptorException | IllegalArgumentException | IOException e) {
                    throw new IOException("socket " + s.name() + " (" + s.listen() + "): " + e.getMessage(), e);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (int i = 0; i < opened.size(); i++) release(wanted.get(i), opened.get(i));
            throw e;
        }
        LOG.info("{}: holding {}", service, describe(wanted));
        return new HeldSockets(service, wanted, opened);
    }

    /** Descriptor numbers (pdsupd's) in configuration order: the child gets them as 3, 4, … */
    List<Integer> fds() {
        return open.stream().map(ListeningSocket::fd).toList();
    }

    /** {@code LISTEN_FDNAMES}: the names joined with ':'. */
    String names() {
        return config.stream().map(ListenSocket::name).collect(Collectors.joining(":"));
    }

    private void close(String why) {
        for (int i = 0; i < open.size(); i++) release(config.get(i), open.get(i));
        LOG.info("{}: closed {} ({})", service, describe(config), why);
    }

    private static void release(ListenSocket cfg, ListeningSocket sock) {
        sock.close();
        if (cfg.isUnix()) UnixSocketPlacement.remove(cfg.path());
    }

    private static String describe(List<ListenSocket> sockets) {
        return sockets.stream().map(s -> s.name() + "=" + s.listen()).collect(Collectors.joining(", "));
    }
}
