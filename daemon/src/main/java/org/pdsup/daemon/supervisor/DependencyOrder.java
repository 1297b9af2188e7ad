package org.pdsup.daemon.supervisor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pdsup.config.ServiceType;

/** Who requires whom. The config loader has already rejected cycles and unknown names. */
final class DependencyOrder {
    private DependencyOrder() {}

    /** {@code names} and everything they require, transitively, requirements first. */
    static List<String> withRequirements(List<String> names, Map<String, Service> services) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) visit(n, services, out, new LinkedHashSet<>());
        return new ArrayList<>(out);
    }

    private static void visit(String name, Map<String, Service> services, Set<String> out, Set<String> path) {
        Service s = services.get(name);
        if (s == null || out.contains(name) || !path.add(name)) return;
        for (String r : s.config.requires()) visit(r, services, out, path);
        out.add(name);
    }

    /** The services that list {@code name} in their {@code requires}. */
    static List<Service> dependents(String name, Map<String, Service> services) {
        List<Service> out = new ArrayList<>();
        for (Service s : services.values()) {
            if (s.config.requires().contains(name)) out.add(s);
        }
        return out;
    }

    /**
     * Names of {@code svc}'s requirements that are not ready: running, or, for a oneshot, exited with a success
     * code. Empty when it may start.
     */
    static List<String> unmet(Service svc, Map<String, Service> services) {
        List<String> unmet = new ArrayList<>();
        for (String r : svc.config.requires()) {
            Service dep = services.get(r);
            if (dep == null) continue;
            boolean ok = dep.state() == ServiceState.RUNNING
                    || (dep.config.type() == ServiceType.ONESHOT && dep.state() == ServiceState.EXITED
                    && dep.lastExit != null && dep.lastExit.code() >= 0
                    && dep.config.successExitCodes().contains(dep.lastExit.code()));
            if (!ok) unmet.add(r);
        }
        return unmet;
    }
}
