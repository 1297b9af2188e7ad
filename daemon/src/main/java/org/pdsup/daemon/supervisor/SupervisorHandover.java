package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.pdsup.procdesc.ProcessDescriptor;

/**
 * The supervisor's part of a live re-exec (docs/architecture.md, "Live re-exec"): {@link #prepare} in the old
 * program, {@link #takeOver} in the new one, and pdsupd's own events around them.
 */
public final class SupervisorHandover {
    /** The service name of pdsupd's own events (a re-exec's start and end): no service can be named so. */
    public static final String DAEMON_EVENTS = "@pdsupd";

    /** A captured state, with the supervisor thread held until {@link #release} (the exec failed). */
    public record Prepared(HandoverState state, Runnable release) {
    }

    private final Handover handover;
    private final ServiceTable services;
    private final ServiceMachine machine;
    private final Supervisor host;
    private final EventRing events;
    private final SessionState sessions;
    private final Runnable announceServiceSet;
    private final HealthChecks health;

    SupervisorHandover(Spawner spawner, ServiceTable services, ServiceMachine machine, Supervisor host,
                       EventRing events, HealthChecks health, Runnable announceServiceSet) {
        this.handover = new Handover(services, machine, spawner, host, events);
        this.services = services;
        this.machine = machine;
        this.host = host;
        this.events = events;
        this.sessions = host.sessions();
        this.announceServiceSet = announceServiceSet;
        this.health = health;
    }

    /**
     * In the new program, instead of {@link Supervisor#boot()}: takes over every service as the previous program
     * of this process left it. Completes with the names of services whose process could not be taken over (each
     * is restarted). {@code inherited}: the process descriptors the handover reader already took, by service name
     * (the take-over takes the others itself).
     */
    public CompletableFuture<List<String>> takeOver(HandoverState state, Map<String, ProcessDescriptor> inherited) {
        return host.loop().call(() -> {
            List<String> lost;
            services.beginBatch();
            try {
                // held sockets first: a spawn the take-over begins must find them held, not bind them again
                for (HandoverState.ServiceRecord r : state.services()) {
                    Service s = services.get(r.name());
                    if (s != null) HeldSockets.takeOver(s, r.sockets());
                    if (s != null && r.health() != null) s.healthStatus = healthStatus(r.health(), r.process() != null);
                }
                lost = new Takeover(services, machine, host, events, inherited).restore(state);
                for (Service s : services.all()) {
                    if (s.process != null && !s.config.persist()) sessions.track(s.name, s.process);
                    if (lost.contains(s.name) && s.healthStatus != null) s.healthStatus.carried = false;
                    CoolDown.arm(host, machine, s); // a fatal service's cool-down goes on from when it became fatal
                }
                health.reloaded(null, services.all()); // liveness checks of the running services go on
                host.persistentChanged();
            } finally {
                services.publishAtEnd();
                services.endBatch();
            }
            announceServiceSet.run();
            return lost;
        });
    }

    private static HealthStatus healthStatus(HandoverState.HealthRecord r, boolean running) {
        HealthStatus h = new HealthStatus();
        h.state = HealthState.valueOf(r.state());
        h.consecutiveFailures = r.consecutiveFailures();
        h.checks = r.checks();
        h.failures = r.failures();
        h.carried = running;
        return h;
    }

    /**
     * In the old program: stops spawning, watching exits and reading output, writes out what was read, then
     * captures the state on the supervisor thread and holds that thread (nothing changes any more) until
     * {@link Prepared#release} says the exec failed, which undoes it all.
     */
    public CompletableFuture<Prepared> prepare() {
        SupervisorLoop loop = host.loop();
        CompletableFuture<Prepared> ready = new CompletableFuture<>();
        loop.call(handover::quiesce).thenCompose(f -> f).whenComplete((v, err) -> loop.post(() -> {
            if (err != null) {
                handover.undo();
                ready.completeExceptionally(err);
                return;
            }
            CountDownLatch released = new CountDownLatch(1);
            HandoverState state;
            try {
                state = handover.capture();
            } catch (RuntimeException e) {
                handover.undo();
                ready.completeExceptionally(e);
                return;
            }
            ready.complete(new Prepared(state, released::countDown));
            try {
                released.await(); // the exec replaces this process while the loop waits here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handover.undo();
        }));
        return ready;
    }

    /**
     * Records an event of pdsupd itself (service {@value #DAEMON_EVENTS}, running to running, with pdsupd's PID)
     * in the ring, streamed to every follower that selects no particular service.
     */
    public CompletableFuture<Void> daemonEvent(String reason) {
        return host.loop().call(() -> {
            events.append(new SupervisorEvent(events.nextSeq(), Instant.now(), DAEMON_EVENTS, ServiceState.RUNNING,
                    ServiceState.RUNNING, reason, (int) ProcessHandle.current().pid(), null));
            return null;
        });
    }

    /** The names of the services configured now. */
    public Set<String> serviceNames() {
        return services.published().services().keySet();
    }
}
