package org.pdsup.daemon.supervisor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pdsup.config.ServiceType;

/**
 * Who requires whom, and who starts after whom. The config loader has already rejected cycles and unknown names.
 * The reverse edges (who requires this service, who is ordered after it) are computed once per service set
 * ({@link #rebuild}: boot and reload), so that a transition finds the services it concerns without a scan of
 * every service. Supervisor thread.
 */
final class DependencyOrder {
    private Map<String, List<Service>> requiredBy = Map.of();
    private Map<String, List<Service>> orderedAfter = Map.of();

    /** Recomputes the reverse edges from the services' configurations. */
    void rebuild(Collection<Service> services) {
        Map<String, List<Service>> req = new HashMap<>();
        Map<String, List<Service>> aft = new HashMap<>();
        for (Service s : services) {
            for (String r : s.config.requires()) req.computeIfAbsent(r, k -> new ArrayList<>(2)).add(s);
            for (String a : s.config.after()) aft.computeIfAbsent(a, k -> new ArrayList<>(2)).add(s);
        }
        requiredBy = req;
        orderedAfter = aft;
    }

    /** The services that list {@code name} in their {@code requires}. */
    List<Service> dependents(String name) {
        return requiredBy.getOrDefault(name, List.of());
    }

    /** The services that list {@code name} in their {@code after} (and not in their {@code requires}). */
    List<Service> orderedAfter(String name) {
        return orderedAfter.getOrDefault(name, List.of());
    }

    /** {@code names} and everything they require, transitively, requirements first. */
    static List<String> withRequirements(List<String> names, Map<String, Service> services) {
        return startOrder(names, services, true);
    }

    /**
     * The order to start {@code names} in: each after what it requires and after what it is ordered
     * {@code after} among them. With {@code pullRequirements} the services they require, transitively, are
     * included. Without recursion: a chain of 10,000 services must not overflow a thread's stack.
     */
    static List<String> startOrder(List<String> names, Map<String, Service> services, boolean pullRequirements) {
        Set<String> members = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String n : names) {
            if (services.containsKey(n) && members.add(n)) todo.add(n);
        }
        while (pullRequirements && !todo.isEmpty()) {
            for (String r : services.get(todo.poll()).config.requires()) {
                if (services.containsKey(r) && members.add(r)) todo.add(r);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        Set<String> onPath = new HashSet<>();
        for (String root : members) {
            if (out.contains(root)) continue;
            Deque<String> path = new ArrayDeque<>();
            Deque<List<String>> edges = new ArrayDeque<>();
            Deque<Integer> next = new ArrayDeque<>();
            path.push(root);
            edges.push(before(services.get(root)));
            next.push(0);
            onPath.add(root);
            while (!path.isEmpty()) {
                String node = path.peek();
                List<String> before = edges.peek();
                int i = next.pop();
                if (i == before.size()) {
                    path.pop();
                    edges.pop();
                    onPath.remove(node);
                    out.add(node);
                    continue;
                }
                next.push(i + 1);
                String b = before.get(i);
                if (members.contains(b) && !out.contains(b) && onPath.add(b)) {
                    path.push(b);
                    edges.push(before(services.get(b)));
                    next.push(0);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static List<String> before(Service s) {
        if (s.config.after().isEmpty()) return s.config.requires();
        List<String> all = new ArrayList<>(s.config.requires());
        all.addAll(s.config.after());
        return all;
    }

    /** True when {@code dep} meets a requirement on it: running, or a oneshot that exited with a success code. */
    static boolean satisfies(Service dep) {
        return dep.state() == ServiceState.RUNNING
                || (dep.config.type() == ServiceType.ONESHOT && dep.state() == ServiceState.EXITED
                && dep.lastExit != null && dep.lastExit.code() >= 0
                && dep.config.successExitCodes().contains(dep.lastExit.code()));
    }

    /** True when {@code dep} is on its way up: a service ordered {@code after} it waits for that to end. */
    static boolean comingUp(Service dep) {
        if (!dep.wanted) return false;
        return switch (dep.phase) {
            case WAITING, SPAWNING, LAUNCHING, STARTING, RESTARTING, RESTARTING_SPAWN -> true;
            default -> false;
        };
    }

    /**
     * Names of what {@code svc} waits for before it may start: its requirements that are not ready, and the
     * services it is ordered {@code after} that are on their way up. Empty when it may start.
     */
    static List<String> unmet(Service svc, Map<String, Service> services) {
        List<String> unmet = new ArrayList<>();
        for (String r : svc.config.requires()) {
            Service dep = services.get(r);
            if (dep != null && !satisfies(dep)) unmet.add(r);
        }
        for (String a : svc.config.after()) {
            Service dep = services.get(a);
            if (dep != null && comingUp(dep) && !unmet.contains(a)) unmet.add(a);
        }
        return unmet;
    }

    /** "db: starting, cache: backoff": what {@code unmet} names, each with its state now. */
    static String describe(List<String> unmet, Map<String, Service> services) {
        StringBuilder b = new StringBuilder();
        for (String n : unmet) {
            Service dep = services.get(n);
            if (b.length() > 0) b.append(", ");
            b.append(n).append(": ").append(dep == null ? "removed" : dep.state().wireName());
        }
        return b.toString();
    }
}
