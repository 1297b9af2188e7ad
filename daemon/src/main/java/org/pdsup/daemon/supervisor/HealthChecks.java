package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.concurrent.ExecutorService;

import org.pdsup.config.Health;
import org.pdsup.config.ServiceConfig;
import org.pdsup.daemon.supervisor.probe.HttpProbe;
import org.pdsup.daemon.supervisor.probe.Probe;
import org.pdsup.daemon.supervisor.probe.ProbeResult;
import org.pdsup.daemon.supervisor.probe.TcpProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The liveness checks of every service: a {@link HealthCheck} begins when a service with a {@code health} block
 * enters {@code running} and ends when it leaves it ({@link #transitioned}); a service without one costs nothing.
 * Results become events (when they change something), snapshot fields and metrics; {@code failures} failures in a
 * row make the machine stop the service as unhealthy. Supervisor thread.
 */
final class HealthChecks implements HealthCheck.Verdicts {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);
    /** Prefix of an exec check's output lines in the service's log. */
    static final String OUTPUT_PREFIX = "health check: ";

    private final ServiceMachine.Host host;
    private final SupervisorLoop loop;
    private final ExecutorService probes;
    private final SupervisorObserver observer;
    private final TransitionLog events;
    private final ServiceTable services;
    private final ServiceMachine machine;

    HealthChecks(ServiceMachine.Host host, ExecutorService probes, TransitionLog events, ServiceTable services,
                 ServiceMachine machine) {
        this.host = host;
        this.loop = host.loop();
        this.probes = probes;
        this.observer = host.observer();
        this.events = events;
        this.services = services;
        this.machine = machine;
    }

    /** {@code svc} entered {@code to}: begin its checks when it is now running, end them when it is not. */
    void transitioned(Service svc, ServiceState to) {
        if (to == ServiceState.RUNNING) {
            if (svc.health == null && svc.config.health().enabled()) begin(svc);
        } else if (svc.health != null) {
            svc.health.cancel();
            svc.health = null;
        }
    }

    /**
     * After a reload (its {@code outcome}, passed through): a running service that gained a check begins it now
     * (one that lost or changed its check finds out at its next check, {@link #reconfigured}).
     */
    ReloadOutcome reloaded(ReloadOutcome outcome, Iterable<Service> all) {
        for (Service svc : all) {
            if (svc.state() == ServiceState.RUNNING && svc.health == null && svc.config.health().enabled()) {
                begin(svc);
            }
        }
        return outcome;
    }

    private void begin(Service svc) {
        Health cfg = svc.config.health();
        svc.health = new HealthCheck(loop, probes, svc, cfg, probe(svc.config), Instant.now(), this);
        svc.health.begin();
    }

    /** The probe of {@code cfg}'s check: the one implementation readiness uses too. */
    private Probe probe(ServiceConfig cfg) {
        Health h = cfg.health();
        return switch (h.mode()) {
            case TCP -> new TcpProbe(h.host(), h.port(), h.timeout());
            case HTTP -> new HttpProbe(h.url(), h.timeout(), h.expectBody());
            case EXEC -> ExecProbes.of(host, cfg, h.command(), h.timeout(), OUTPUT_PREFIX);
            case NONE -> throw new IllegalStateException(cfg.name() + " has no health check");
        };
    }

    @Override
    public void checked(Service svc, ProbeResult result, String event) {
        try {
            observer.healthChecked(svc.name, result.took(), result.passed());
        } catch (RuntimeException e) {
            LOG.warn("health observer failed", e);
        }
        if (event != null) events.recordHealth(svc, event, svc.healthStatus.state);
        republish(svc);
    }

    private void republish(Service svc) {
        services.changed(svc);
    }

    @Override
    public void unhealthy(Service svc, String why) {
        svc.health = null;
        machine.unhealthy(svc, why);
    }

    @Override
    public void reconfigured(Service svc) {
        svc.health.cancel();
        svc.health = null;
        if (svc.state() == ServiceState.RUNNING && svc.config.health().enabled()) begin(svc);
        republish(svc);
    }
}
