package org.pdsup.daemon.supervisor;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The services of a published {@link SupervisorSnapshot}: an immutable map in configuration order, backed by
 * fixed-size chunks of an array. The names' positions are shared by every snapshot of one service set, and a
 * snapshot after one service's transition shares every chunk but that service's with the one before
 * ({@link #with}): publishing costs N/{@value #CHUNK} + {@value #CHUNK} reference copies, not N (a copy of every
 * service on each transition made a start of N services cost N² copies).
 */
final class PublishedServices extends AbstractMap<String, ServiceSnapshot> {
    /** Snapshots per chunk. */
    static final int CHUNK = 64;
    private static final int SHIFT = 6;

    /** Names in configuration order and their positions; rebuilt only when the service set changes. */
    static final class Index {
        static final Index EMPTY = new Index(java.util.List.of());

        private final String[] names;
        private final Map<String, Integer> positions;

        Index(Collection<String> names) {
            this.names = names.toArray(String[]::new);
            this.positions = new HashMap<>(this.names.length * 2);
            for (int i = 0; i < this.names.length; i++) positions.put(this.names[i], i);
        }

        int size() {
            return names.length;
        }

        /** The position of {@code name}, or -1. */
        int position(String name) {
            Integer i = positions.get(name);
            return i == null ? -1 : i;
        }
    }

    static final PublishedServices EMPTY = new PublishedServices(Index.EMPTY, new ServiceSnapshot[0]);

    private final Index index;
    private final ServiceSnapshot[][] chunks;

    /** {@code values[i]} is the snapshot of {@code index}'s i-th name. */
    PublishedServices(Index index, ServiceSnapshot[] values) {
        if (values.length != index.size()) {
            throw new IllegalArgumentException(values.length + " snapshots for " + index.size() + " names");
        }
        this.index = index;
        this.chunks = new ServiceSnapshot[(values.length + CHUNK - 1) >>> SHIFT][];
        for (int c = 0; c < chunks.length; c++) {
            chunks[c] = java.util.Arrays.copyOfRange(values, c << SHIFT, Math.min(values.length, (c + 1) << SHIFT));
        }
    }

    private PublishedServices(Index index, ServiceSnapshot[][] chunks) {
        this.index = index;
        this.chunks = chunks;
    }

    Index index() {
        return index;
    }

    private ServiceSnapshot at(int i) {
        return chunks[i >>> SHIFT][i & (CHUNK - 1)];
    }

    /**
     * These services with {@code changed[k]} at position {@code positions[k]} (the first {@code count} of them);
     * chunks without a change are shared.
     */
    PublishedServices with(int[] positions, ServiceSnapshot[] changed, int count) {
        ServiceSnapshot[][] copy = chunks.clone();
        boolean[] copied = count > 1 ? new boolean[chunks.length] : null;
        for (int k = 0; k < count; k++) {
            int c = positions[k] >>> SHIFT;
            if (copied == null || !copied[c]) {
                copy[c] = copy[c].clone();
                if (copied != null) copied[c] = true;
            }
            copy[c][positions[k] & (CHUNK - 1)] = changed[k];
        }
        return new PublishedServices(index, copy);
    }

    /**
     * These services with each one's dropped-output counter as {@code current} reads it now: that counter moves
     * while a service runs, without a transition that would publish it.
     */
    PublishedServices withOutputDroppedBytes(ToLongFunction<String> current) {
        ServiceSnapshot[][] copy = null;
        for (int c = 0; c < chunks.length; c++) {
            ServiceSnapshot[] chunk = chunks[c];
            for (int j = 0; j < chunk.length; j++) {
                long now = current.applyAsLong(chunk[j].name());
                if (now != chunk[j].outputDroppedBytes()) {
                    if (copy == null) copy = chunks.clone();
                    if (copy[c] == chunk) copy[c] = chunk.clone();
                    copy[c][j] = chunk[j].withOutputDroppedBytes(now);
                }
            }
        }
        return copy == null ? this : new PublishedServices(index, copy);
    }

    @Override
    public ServiceSnapshot get(Object key) {
        Integer i = index.positions.get(key);
        return i == null ? null : at(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return index.positions.containsKey(key);
    }

    @Override
    public int size() {
        return index.size();
    }

    @Override
    public Set<Entry<String, ServiceSnapshot>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, ServiceSnapshot>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < index.size();
                    }

                    @Override
                    public Entry<String, ServiceSnapshot> next() {
                        if (next >= index.size()) throw new NoSuchElementException();
                        int i = next++;
                        return new SimpleImmutableEntry<>(index.names[i], at(i));
                    }
                };
            }

            @Override
            public int size() {
                return index.size();
            }
        };
    }
}
