package org.pdsup.config;

import java.util.AbstractMap;
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

    /**
     * An immutable copy in iteration order. Of none or one element, {@code Set.of}: 16-24 bytes instead of about
     * 200 for a wrapped {@code LinkedHashSet} (every service's {@code success-exit-codes}, usually {@code [0]}).
     */
    static <T> Set<T> orderedSet(Set<T> set) {
        if (set == null) return null;
        if (set.isEmpty()) return Set.of();
        if (set.size() == 1) {
            T only = set.iterator().next();
            if (only != null) return Set.of(only);
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(set));
    }

    /**
     * An immutable copy in iteration order; a map this method made is returned as it is (so it can be shared), and
     * every empty one is the same (every service's {@code rlimits}, usually none: 140 bytes each).
     */
    @SuppressWarnings("unchecked")
    static <K, V> Map<K, V> orderedMap(Map<K, V> map) {
        if (map == null) return null;
        if (map instanceof OrderedCopy) return map;
        if (map.isEmpty()) return (Map<K, V>) OrderedCopy.EMPTY;
        return new OrderedCopy<>(map);
    }

    /** What {@link #orderedMap} makes: recognisably immutable, so it is never copied twice. */
    private static final class OrderedCopy<K, V> extends AbstractMap<K, V> {
        static final OrderedCopy<Object, Object> EMPTY = new OrderedCopy<>(Map.of());

        private final Map<K, V> map;

        OrderedCopy(Map<K, V> source) {
            this.map = Collections.unmodifiableMap(new LinkedHashMap<>(source));
        }

        @Override
        public Set<Entry<K, V>> entrySet() {
            return map.entrySet();
        }

        @Override
        public V get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }
    }
}
