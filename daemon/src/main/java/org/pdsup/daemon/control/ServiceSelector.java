package org.pdsup.daemon.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves the names and globs of a request against the configured services, in configuration order. The
 * cost is bounded: at most {@link #MAX_GLOBS} globs of at most {@link Glob#MAX_CHARS} characters, each matched
 * in linear time ({@link Glob}), and plain names are hash look-ups; so resolving stays well under a
 * millisecond per thousand services and can run on the control thread.
 */
public final class ServiceSelector {
    /** The most globs (names with {@code *} or {@code ?}) one request may carry; plain names are not limited here. */
    public static final int MAX_GLOBS = 32;

    private ServiceSelector() {}

    /**
     * @param known         the configured services, in configuration order
     * @param namesOrGlobs  what the request named; empty means all
     * @throws ControlException {@code no_such_service} for a name or glob that matches nothing, {@code bad_request}
     *                          for too many or too long globs
     */
    public static List<String> resolve(Collection<String> known, List<String> namesOrGlobs) {
        if (namesOrGlobs == null || namesOrGlobs.isEmpty()) return new ArrayList<>(known);
        Set<String> knownSet = known instanceof Set ? (Set<String>) known : new HashSet<>(known);
        List<Glob> globs = new ArrayList<>();
        Set<String> exact = new HashSet<>();
        for (String pattern : namesOrGlobs) {
            if (Glob.isGlob(pattern)) {
                if (globs.size() == MAX_GLOBS) {
                    throw new ControlException("bad_request", "at most " + MAX_GLOBS + " globs per request");
                }
                try {
                    globs.add(Glob.compile(pattern));
                } catch (IllegalArgumentException e) {
                    throw new ControlException("bad_request", e.getMessage());
                }
            } else if (knownSet.contains(pattern)) {
                exact.add(pattern);
            } else {
                throw noMatch(pattern, known);
            }
        }
        boolean[] globMatched = new boolean[globs.size()];
        Set<String> out = new LinkedHashSet<>();
        for (String name : known) {
            boolean selected = exact.contains(name);
            for (int g = 0; g < globs.size(); g++) {
                if (globs.get(g).matches(name)) {
                    globMatched[g] = true;
                    selected = true;
                }
            }
            if (selected) out.add(name);
        }
        for (int g = 0; g < globs.size(); g++) {
            if (!globMatched[g]) throw noMatch(globs.get(g).toString(), known);
        }
        return new ArrayList<>(out);
    }

    private static ControlException noMatch(String pattern, Collection<String> known) {
        String shown = pattern.length() > 80 ? pattern.substring(0, 80) + "…" : pattern;
        return NoSuchService.matching(shown, known);
    }

    /** At most ten names, then how many more: an error message does not grow with the configuration. */
    static String sample(Collection<String> names) {
        if (names.isEmpty()) return "none";
        StringBuilder sb = new StringBuilder();
        Iterator<String> it = names.iterator();
        for (int i = 0; i < 10 && it.hasNext(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(it.next());
        }
        if (names.size() > 10) sb.append(", … ").append(names.size() - 10).append(" more");
        return sb.toString();
    }
}
