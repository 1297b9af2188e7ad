package org.pdsup.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code requires} across services: every name must be a defined service, and the graph must have no
 * cycle. A cycle is named from its first service in file order ({@code web -> db -> web}) and reported at that
 * service's {@code requires}.
 */
final class Dependencies {
    private Dependencies() {}

    /** @param graph service -> its requires (null when unreadable), in file order; scopes for reporting */
    static void check(LinkedHashMap<String, List<String>> graph, Map<String, Scope> scopes) {
        List<String> order = new ArrayList<>(graph.keySet());
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (var e : graph.entrySet()) {
            List<String> known = new ArrayList<>();
            for (String dep : e.getValue() == null ? List.<String>of() : e.getValue()) {
                if (graph.containsKey(dep)) {
                    known.add(dep);
                } else {
                    scopes.get(e.getKey()).error("requires", "unknown service \"" + dep + "\""
                            + EditDistance.hint(dep, graph.keySet()));
                }
            }
            edges.put(e.getKey(), known);
        }
        Map<String, Integer> state = new HashMap<>(); // absent = new, 1 = on the stack, 2 = done
        Set<List<String>> reported = new HashSet<>();
        for (String start : order) {
            if (!state.containsKey(start)) visit(start, edges, state, new ArrayList<>(), order, reported, scopes);
        }
    }

    private static void visit(String node, Map<String, List<String>> edges, Map<String, Integer> state,
                              List<String> stack, List<String> order, Set<List<String>> reported,
                              Map<String, Scope> scopes) {
        state.put(node, 1);
        stack.add(node);
        for (String next : edges.get(node)) {
            Integer st = state.get(next);
            if (st == null) {
                visit(next, edges, state, stack, order, reported, scopes);
            } else if (st == 1) {
                List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(next), stack.size()));
                List<String> normal = rotateToFirst(cycle, order);
                if (reported.add(normal)) {
                    List<String> shown = new ArrayList<>(normal);
                    shown.add(normal.get(0));
                    scopes.get(normal.get(0)).error("requires", "dependency cycle: " + String.join(" -> ", shown));
                }
            }
        }
        stack.remove(stack.size() - 1);
        state.put(node, 2);
    }

    private static List<String> rotateToFirst(List<String> cycle, List<String> order) {
        int best = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (order.indexOf(cycle.get(i)) < order.indexOf(cycle.get(best))) best = i;
        }
        List<String> out = new ArrayList<>(cycle.subList(best, cycle.size()));
        out.addAll(cycle.subList(0, best));
        return out;
    }
}
