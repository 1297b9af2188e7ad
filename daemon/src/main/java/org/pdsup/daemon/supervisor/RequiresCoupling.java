package org.pdsup.daemon.supervisor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.pdsup.daemon.supervisor.Transitions.Phase;

/**
 * What {@code requires} carries besides the start order, as systemd's {@code Requires=} plus {@code PartOf=}:
 * when a service stops meeting the requirement of its dependents (it was running, or a oneshot that had
 * completed), they follow it. Gone for good (stopped by the operator or by its own dependency, removed by a
 * reload, {@code fatal}, or {@code exited} without success) its dependents are stopped, with the cause as reason
 * ("stopped because db stopped"); on its way back (an operator or reload restart, or an end on its own that its
 * restart policy restarts) its running dependents are restarted, and they wait in {@code starting} until it is
 * ready again. A service that waits for its requirement is stopped too when that requirement ends up
 * {@code fatal} or {@code exited}. {@code after} couples nothing: it only orders starts. Not during a shutdown,
 * which stops in dependency order itself. Supervisor thread.
 */
final class RequiresCoupling {
    private final ServiceMachine machine;
    private final ServiceTable table;
    private final DependencyOrder order;

    RequiresCoupling(ServiceMachine machine, ServiceTable table, DependencyOrder order) {
        this.machine = machine;
        this.table = table;
        this.order = order;
    }

    /** Boot: starts the autostart services, each after what it requires or is ordered after. */
    void autostart() {
        List<String> names = table.all().stream().filter(s -> s.config.autostart()).map(s -> s.name).toList();
        for (String n : DependencyOrder.startOrder(names, table.byName(), false)) {
            Service s = table.get(n);
            if (!s.hasProcess()) machine.start(s, false, null);
        }
    }

    /**
     * {@code pdctl start}: starts {@code names} (operator starts) and what they require that is not wanted up or
     * that ended ({@code fatal}, {@code exited} without success), requirements first; the futures of the named.
     * A {@code fatal} requirement is started as the operator would (its start limit afresh): the operator asked
     * for the services that need it.
     */
    List<CompletableFuture<ServiceSnapshot>> start(List<String> names) {
        List<CompletableFuture<ServiceSnapshot>> all = new ArrayList<>();
        Set<String> asked = new HashSet<>(names); // pdctl start '*' of 10,000 services: no scan per name
        for (String n : DependencyOrder.withRequirements(names, table.byName())) {
            Service s = table.get(n);
            boolean named = asked.contains(n);
            boolean ended = s.phase == Phase.FATAL || (s.phase == Phase.EXITED && !DependencyOrder.satisfies(s));
            if (!named && s.wanted && !ended) continue;
            CompletableFuture<ServiceSnapshot> f = new CompletableFuture<>();
            machine.start(s, named || s.phase == Phase.FATAL, f);
            if (named) all.add(f);
        }
        return all;
    }

    /** {@code svc} entered {@code to}: its waiting dependents see its new state, and follow it when it went away. */
    void transitioned(Service svc, ServiceState to) {
        refreshWaiting(order.dependents(svc.name));
        refreshWaiting(order.orderedAfter(svc.name));
        boolean was = svc.satisfiesRequirers;
        boolean now = DependencyOrder.satisfies(svc);
        svc.satisfiesRequirers = now;
        if (now) return;
        List<Service> dependents = order.dependents(svc.name);
        if (dependents.isEmpty()) return;
        String gone = goneFor(svc, to);
        if (gone != null) {
            for (Service d : List.copyOf(dependents)) {
                if (current(d) && (d.active() || d.phase == Phase.WAITING || d.phase == Phase.BACKOFF)) {
                    d.stopCause = "stopped because " + svc.name + " " + gone;
                    machine.stop(d, d.stopCause, null);
                }
            }
        } else if (was && svc.wanted) {
            String cause = to == ServiceState.BACKOFF && svc.lastExit != null
                    ? "ended (" + svc.lastExit.exit() + ")" : "is restarting";
            for (Service d : List.copyOf(dependents)) {
                if (current(d) && d.wanted && d.active()) {
                    machine.restart(d, "restarting because " + svc.name + " " + cause, null);
                }
            }
        }
    }

    /**
     * {@code svc} became ready or ended, or its spawn landed: the services waiting for it (as a requirement, or
     * ordered after it) look again whether they may start.
     */
    void settled(Service svc) {
        wake(order.dependents(svc.name));
        wake(order.orderedAfter(svc.name));
    }

    private void wake(List<Service> services) {
        for (Service d : List.copyOf(services)) {
            if (current(d) && d.phase == Phase.WAITING) machine.requirementsMet(d);
        }
    }

    /** Keeps "waiting for db: starting" current while db moves on. */
    private void refreshWaiting(List<Service> services) {
        for (Service d : services) {
            if (d.phase != Phase.WAITING || !current(d)) continue;
            List<String> unmet = DependencyOrder.unmet(d, table.byName());
            d.waitingFor = unmet.isEmpty() ? null : DependencyOrder.describe(unmet, table.byName());
            table.changed(d);
        }
    }

    /** The cause when {@code svc} in {@code to} is gone for good ("stopped", "is fatal"), or null. */
    private static String goneFor(Service svc, ServiceState to) {
        return switch (to) {
            case FATAL -> "is fatal";
            case EXITED -> "exited";
            case STOPPING, STOPPED -> svc.wanted ? null : svc.removed ? "was removed" : "stopped";
            default -> null;
        };
    }

    /** The names of the services that require {@code s} ({@code pdctl show}). */
    List<String> requiredBy(Service s) {
        return order.dependents(s.name).stream().filter(this::current).map(d -> d.name).toList();
    }

    /** Still the service under its name (the reverse edges may name one a reload replaced). */
    private boolean current(Service d) {
        return table.get(d.name) == d && !d.removed;
    }
}
