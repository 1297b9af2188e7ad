package org.pdsup.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code requires} and {@code after} across services: every name must be a defined service, and the graph
 * of both (each orders a start) must have no cycle. A cycle is named from its first service in file order
 * ({@code web -> db -> web}) and reported at that service's {@code requires}, or at its {@code after} when the
 * cycle's first edge is an {@code after} (the message then says the cycle goes through {@code after}).
 */
final class Dependencies {
    private Dependencies() {}

    /** Only {@code requires}: as {@link #check(LinkedHashMap, Map, Map)} without {@code after}. */
    static void check(LinkedHashMap<String, List<String>> graph, Map<String, Scope> scopes) {
        check(graph, Map.of(), scopes);
    }

    /**
     * @param graph service -> its requires (null when unreadable), in file order
     * @param after service -> its after (null or absent when unreadable or empty)
     * @param scopes for reporting
     */
    static void check(LinkedHashMap<String, List<String>> graph, Map<String, List<String>> after,
                      Map<String, Scope> scopes) {
        List<String> order = new ArrayList<>(graph.keySet());
        Map<String, List<String>> edges = new LinkedHashMap<>();
        Set<List<String>> afterEdges = new HashSet<>(); // (from, to) that come from after alone
        for (var e : graph.entrySet()) {
            List<String> known = new ArrayList<>();
            known(e.getKey(), "requires", e.getValue(), graph, scopes, known);
            int requiresEdges = known.size();
            known(e.getKey(), "after", after.get(e.getKey()), graph, scopes, known);
            for (int i = requiresEdges; i < known.size(); i++) afterEdges.add(List.of(e.getKey(), known.get(i)));
            edges.put(e.getKey(), known);
        }
        Map<String, Integer> rank = new HashMap<>();
        for (String n : order) rank.put(n, rank.size());
        Map<String, Integer> onStack = new HashMap<>(); // name -> its position on the path; removed when done
        Set<String> done = new HashSet<>();
        Set<List<String>> reported = new HashSet<>();
        for (String start : order) {
            if (!done.contains(start)) walk(start, edges, onStack, done, rank, reported, scopes, afterEdges);
        }
    }

    private static void known(String from, String key, List<String> names, Map<String, List<String>> graph,
                              Map<String, Scope> scopes, List<String> into) {
        if (names == null) return;
        for (String dep : names) {
            if (!graph.containsKey(dep)) {
                scopes.get(from).error(key, "unknown service \"" + dep + "\"" + EditDistance.hint(dep, graph.keySet()));
            } else if (!into.contains(dep)) {
                into.add(dep);
            }
        }
    }

    /**
     * Depth-first from {@code start} without recursion (a chain of 10,000 requires would overflow a small thread
     * stack); each edge is looked at once, and a cycle's start is found on the path in constant time.
     */
    private static void walk(String start, Map<String, List<String>> edges, Map<String, Integer> onStack,
                             Set<String> done, Map<String, Integer> rank, Set<List<String>> reported,
                             Map<String, Scope> scopes, Set<List<String>> afterEdges) {
        List<String> path = new ArrayList<>();
        List<Integer> nextEdge = new ArrayList<>();
        onStack.put(start, 0);
        path.add(start);
        nextEdge.add(0);
        while (!path.isEmpty()) {
            int top = path.size() - 1;
            String node = path.get(top);
            List<String> out = edges.get(node);
            int i = nextEdge.get(top);
            if (i == out.size()) {
                path.remove(top);
                nextEdge.remove(top);
                onStack.remove(node);
                done.add(node);
                continue;
            }
            nextEdge.set(top, i + 1);
            String next = out.get(i);
            Integer at = onStack.get(next);
            if (at != null) {
                report(new ArrayList<>(path.subList(at, path.size())), rank, reported, scopes, afterEdges);
            } else if (!done.contains(next)) {
                onStack.put(next, path.size());
                path.add(next);
                nextEdge.add(0);
            }
        }
    }

    private static void report(List<String> cycle, Map<String, Integer> rank, Set<List<String>> reported,
                               Map<String, Scope> scopes, Set<List<String>> afterEdges) {
        List<String> normal = rotateToFirst(cycle, rank);
        if (reported.add(normal)) {
            List<String> shown = new ArrayList<>(normal);
            shown.add(normal.get(0));
            boolean throughAfter = false;
            for (int i = 0; i + 1 < shown.size(); i++) {
                throughAfter |= afterEdges.contains(List.of(shown.get(i), shown.get(i + 1)));
            }
            boolean firstIsAfter = afterEdges.contains(List.of(shown.get(0), shown.get(1)));
            scopes.get(normal.get(0)).error(firstIsAfter ? "after" : "requires", "dependency cycle: "
                    + String.join(" -> ", shown) + (throughAfter ? " (through after)" : ""));
        }
    }

    private static List<String> rotateToFirst(List<String> cycle, Map<String, Integer> rank) {
        int best = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (rank.get(cycle.get(i)) < rank.get(cycle.get(best))) best = i;
        }
        List<String> out = new ArrayList<>(cycle.subList(best, cycle.size()));
        out.addAll(cycle.subList(0, best));
        return out;
    }
}
