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

    static <T> Set<T> orderedSet(Set<T> set) {
        return set == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(set));
    }

    /** An immutable copy in iteration order; a map this method made is returned as it is (so it can be shared). */
    static <K, V> Map<K, V> orderedMap(Map<K, V> map) {
        if (map == null) return null;
        if (map instanceof OrderedCopy) return map;
        return new OrderedCopy<>(map);
    }

    /** What {@link #orderedMap} makes: recognisably immutable, so it is never copied twice. */
    private static final class OrderedCopy<K, V> extends AbstractMap<K, V> {
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
