package org.pdsup.daemon;

import java.util.List;

import org.pdsup.config.DaemonSettings;
import org.pdsup.config.MetricsSettings;
import org.pdsup.config.PdsupConfig;
import org.pdsup.daemon.control.ControlServer;
import org.pdsup.daemon.control.ControlServerException;
import org.pdsup.daemon.control.ControlServerSettings;
import org.pdsup.daemon.control.SupervisorBackend;
import org.pdsup.daemon.metrics.BuildInfo;
import org.pdsup.daemon.metrics.DaemonMetrics;
import org.pdsup.daemon.metrics.MetricsListenException;
import org.pdsup.daemon.metrics.MetricsServer;
import org.pdsup.daemon.metrics.PdsupMetrics;
import org.pdsup.daemon.supervisor.DaemonBlockApplier;
import org.pdsup.daemon.supervisor.HandoverState;
import org.pdsup.daemon.supervisor.ReloadRefusedException;
import org.pdsup.daemon.supervisor.Supervisor;
import org.pdsup.daemon.supervisor.SupervisorObserver;
import org.pdsup.procdesc.Accounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network side of pdsupd: the control socket and the metrics endpoint; at a reload, what of
 * {@code pdsupd { }} they take ({@link DaemonBlockApplier}): roles, socket mode and owner, limits and timeouts,
 * the metrics address (the new one bound before the old one closes).
 */
final class DaemonServers implements AutoCloseable, DaemonBlockApplier {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonServers.class);

    /** The {@link HandoverState.ListenerRecord#role} of the metrics listener. */
    static final String METRICS_ROLE = "metrics";
    /** How long a re-exec waits for scrapes under way to be answered. */
    private static final java.time.Duration METRICS_DRAIN = java.time.Duration.ofSeconds(2);

    private final PdsupConfig config;
    private final PdsupMetrics metrics;
    private volatile Supervisor supervisor;
    private ControlServer control;
    /** Replaced by a reload's commit (on the reload thread); closed by {@link #close()}. */
    private volatile MetricsServer metricsServer;
    private boolean inheritedControl;

    DaemonServers(PdsupConfig config, BuildInfo build) {
        this.config = config;
        this.metrics = config.daemon().metrics().enabled()
                ? new PdsupMetrics(() -> supervisor == null ? null : supervisor.snapshot(), build)
                : null;
    }

    DaemonMetrics metrics() {
        return metrics == null ? DaemonMetrics.NONE : metrics;
    }

    /** What observes the supervisor: metrics, or nothing when they are disabled. */
    SupervisorObserver observer() {
        return metrics == null ? SupervisorObserver.NONE : metrics;
    }

    void start(Supervisor s) throws StartupException {
        start(s, null, null, List.of());
    }

    /**
     * @param inherited the control socket's listener handed over by a live re-exec, or null to bind it
     * @param reexec    {@code reexec} requests, or null
     * @param handed    pdsupd's own listeners a live re-exec handed over (the metrics one), or none
     */
    void start(Supervisor s, java.nio.channels.ServerSocketChannel inherited,
               java.util.function.Supplier<java.util.concurrent.CompletableFuture<Runnable>> reexec,
               List<HandoverState.ListenerRecord> handed) throws StartupException {
        HandoverState.ListenerRecord handedMetrics = handed.stream().filter(l -> l.role().equals(METRICS_ROLE))
                .findFirst().orElse(null);
        this.supervisor = s;
        this.inheritedControl = inherited != null;
        control = new ControlServer(ControlServerSettings.from(config.daemon().control()),
                new SupervisorBackend(s, reexec), metrics(), Accounts.system());
        try {
            control.start(inherited);
        } catch (ControlServerException e) {
            throw new StartupException("control: " + e.getMessage(), e);
        }
        LOG.info("control socket {}", control.socket());
        s.daemonBlockApplier(this);
        if (metrics == null || !config.daemon().metrics().enabled()) {
            if (handedMetrics != null) closeHanded(handedMetrics, "metrics are disabled now");
            return;
        }
        MetricsSettings m = config.daemon().metrics();
        metricsServer = new MetricsServer(m.host(), m.port(), metrics);
        if (handedMetrics != null && handedMetrics.address().equals(metricsServer.configuredAddress())) {
            try {
                LOG.info("metrics on http://{}/metrics (listener handed over)",
                        hostPort(metricsServer.start(handedMetrics.fd())));
                return;
            } catch (MetricsListenException e) {
                LOG.error("{}; binding it again", e.getMessage());
            }
        }
        if (handedMetrics != null) closeHanded(handedMetrics, "metrics listen on " + metricsServer.configuredAddress()
                + " now");
        try {
            LOG.info("metrics on http://{}/metrics", hostPort(metricsServer.start()));
        } catch (MetricsListenException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static void closeHanded(HandoverState.ListenerRecord l, String why) {
        LOG.info("{}: closing the listener on {} handed over ({})", l.role(), l.address(), why);
        try {
            org.pdsup.procdesc.Fds.close(l.fd());
        } catch (RuntimeException e) {
            LOG.warn("{}: closing descriptor {}: {}", l.role(), l.fd(), e.getMessage());
        }
    }

    /**
     * Live re-exec, after {@link #drainControl}: the metrics listener, to be served by the next program (its
     * descriptor found by its address, since Netty does not tell it).
     */
    List<HandoverState.ListenerRecord> handOverListeners() {
        MetricsServer m = metricsServer;
        java.net.InetSocketAddress at = m == null ? null : m.localAddress();
        if (at == null) return List.of();
        java.util.OptionalInt fd = org.pdsup.procdesc.ListeningSockets.tcpListener(at);
        if (fd.isEmpty()) {
            LOG.warn("metrics: cannot find the listener on {} to hand over; the next program binds it again", at);
            return List.of();
        }
        return List.of(new HandoverState.ListenerRecord(METRICS_ROLE, m.configuredAddress(), fd.getAsInt()));
    }

    @Override
    public Prepared prepare(DaemonSettings current, DaemonSettings next, List<String> changedKeys)
            throws ReloadRefusedException {
        MetricsSettings was = current.metrics();
        MetricsSettings now = next.metrics();
        if (now.enabled() && metrics == null) {
            throw new ReloadRefusedException(List.of("pdsupd.metrics.enabled changed to true: needs a restart of"
                    + " pdsupd (it started with metrics disabled, so it keeps none to serve)"));
        }
        boolean metricsMove = metrics != null && !was.equals(now);
        MetricsServer bound = null;
        if (metricsMove && now.enabled()) {
            bound = new MetricsServer(now.host(), now.port(), metrics);
            try {
                bound.start();
            } catch (MetricsListenException e) {
                String why = e.getMessage().replaceFirst("^metrics: ", "");
                throw new ReloadRefusedException(List.of("pdsupd.metrics.listen: " + why
                        + (metricsServer == null ? "" : "; metrics stay on " + hostPort(metricsServer.localAddress()))));
            }
        }
        ControlServer.Reconfiguration controlChange;
        try {
            controlChange = control.prepare(ControlServerSettings.from(next.control()));
        } catch (ControlServerException e) {
            if (bound != null) bound.close();
            throw new ReloadRefusedException(List.of(e.getMessage()));
        } catch (RuntimeException e) {
            if (bound != null) bound.close();
            throw e;
        }
        MetricsServer replacement = bound;
        return new Prepared() {
            @Override
            public void commit() {
                controlChange.commit();
                if (metricsMove) switchMetrics(replacement);
            }

            @Override
            public void abort() {
                controlChange.abort();
                if (replacement != null) replacement.close();
            }
        };
    }

    /** Closes the old metrics endpoint, now that the new one (or none, when disabled) is in place. */
    private void switchMetrics(MetricsServer replacement) {
        MetricsServer old = metricsServer;
        metricsServer = replacement;
        if (old != null) {
            java.net.InetSocketAddress was = old.localAddress();
            old.close();
            LOG.info("metrics: no longer on http://{}/metrics", was == null ? "?" : hostPort(was));
        }
        if (replacement != null) LOG.info("metrics on http://{}/metrics", hostPort(replacement.localAddress()));
    }

    private static String hostPort(java.net.InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** From now on admin requests are answered {@code shutting_down} (SIGTERM, SIGINT). */
    void beginShutdown() {
        if (control != null) control.beginShutdown();
    }

    /** The control listener's bound address (see {@link ControlServer#boundPath()}). */
    java.nio.file.Path controlBoundPath() {
        return control == null ? null : control.boundPath();
    }

    /** Live re-exec: see {@link ControlServer#beginHandover()} and {@link MetricsServer#beginHandover()}. */
    void beginHandover() {
        if (control != null) control.beginHandover();
        MetricsServer m = metricsServer;
        if (m != null) m.beginHandover();
    }

    /** See {@link ControlServer#stopAccepting()}. */
    void stopAccepting() {
        if (control != null) control.stopAccepting();
    }

    /** See {@link ControlServer#drain()}. */
    void drainControl() {
        if (control != null) control.drain();
        MetricsServer m = metricsServer;
        int open = m == null ? 0 : m.awaitConnectionsClosed(METRICS_DRAIN);
        if (open > 0) LOG.warn("metrics: {} connections still open after {}; the re-exec closes them", open, METRICS_DRAIN);
    }

    void endHandover() {
        if (control != null) control.endHandover();
        MetricsServer m = metricsServer;
        if (m != null) m.endHandover();
    }

    @Override
    public void close() {
        if (control != null) {
            if (inheritedControl) {
                // the JDK's inherited channel points standard input, output and error at /dev/null as it closes
                // (sun.nio.ch.InheritedChannel.detachIOStreams): keep logging where it went
                int out = org.pdsup.procdesc.ProcessReplacement.dup(1);
                int err = org.pdsup.procdesc.ProcessReplacement.dup(2);
                control.close();
                org.pdsup.procdesc.ProcessReplacement.dup2(out, 1);
                org.pdsup.procdesc.ProcessReplacement.dup2(err, 2);
                org.pdsup.procdesc.Fds.close(out);
                org.pdsup.procdesc.Fds.close(err);
            } else {
                control.close();
            }
        }
        if (metricsServer != null) metricsServer.close();
        if (metrics != null) metrics.close();
    }
}
