package org.pdsup.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Immutable copies that keep iteration order (which {@code Map.copyOf}/{@code Set.copyOf} do not). */
final class Copies {
    private Copies() {}

    static <T> List<T> list(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    static <T> Set<T> orderedSet(Set<T> set) {
        return set == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(set));
    }

    static <K, V> Map<K, V> orderedMap(Map<K, V> map) {
        return map == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
