package org.pdsup.config;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;

/**
 * Where each setting of one service was written, for {@code pdctl show}: keys are the dotted paths of
 * {@code pdsupd --print-config} ({@code stop.timeout}, {@code output.combine}). {@code own} holds what the
 * service's block sets; {@code inherited} what {@code pdsupd.service-defaults} and {@code pdsupd.output} set (one
 * map shared by every service of a load); a key in neither has its built-in default.
 *
 * @param own       keys the service's own block writes (files as in errors: relative to the main file's directory)
 * @param inherited keys written in the layers below, each with its layer's name
 */
public record ValueOrigins(Map<String, Written> own, Map<String, Written> inherited) {
    /** Nothing known: every key reads as "default" (a service built by hand, not loaded from files). */
    public static final ValueOrigins NONE = new ValueOrigins(Map.of(), Map.of());

    /** What {@link #describe} says of a key that no file sets. */
    public static final String DEFAULT = "default";

    public ValueOrigins {
        own = own instanceof Lines ? own : Map.copyOf(own);
        inherited = inherited instanceof Lines ? inherited : Map.copyOf(inherited);
    }

    /**
     * Where a value was written.
     *
     * @param layer null for the service's own block, else the block it was inherited from
     *              ({@code service-defaults}, {@code pdsupd.output})
     * @param line  1-based, or -1 when the file does not say
     */
    public record Written(String layer, String file, int line) {
        @Override
        public String toString() {
            String at = line > 0 ? file + ":" + line : file;
            return layer == null ? at : layer + " at " + at;
        }
    }

    /**
     * Where {@code key}'s value comes from: {@code "services.d/web.conf:4"},
     * {@code "service-defaults at pdsupd.conf:12"}, {@code "pdsupd.output at pdsupd.conf:3"} or
     * {@value #DEFAULT}. A key set as a whole object ({@code environment { A = 1 }}) or below it answers for
     * the key and its parts; the most specific layer wins.
     */
    public String describe(String key) {
        Written w = find(own, key);
        if (w == null) w = find(inherited, key);
        return w == null ? DEFAULT : w.toString();
    }

    private static Written find(Map<String, Written> m, String key) {
        Written w = m.get(key);
        if (w != null) return w;
        String below = key + ".";
        Written first = null;
        for (Map.Entry<String, Written> e : m.entrySet()) {
            if (e.getKey().startsWith(below) && (first == null || e.getValue().line() < first.line())) {
                first = e.getValue();
            }
        }
        if (first != null) return first;
        for (int dot = key.lastIndexOf('.'); dot > 0; dot = key.lastIndexOf('.', dot - 1)) {
            w = m.get(key.substring(0, dot));
            if (w != null) return w;
        }
        return null;
    }

    /**
     * Collects the keys written in configuration blocks during one load, with their files and lines; shares file
     * names and keys between services, so that thousands of services cost little memory.
     */
    static final class Collector {
        private final SourceNames names;
        private final Map<String, String> files = new HashMap<>();
        private final Map<String, String> keys = new HashMap<>();
        /** The key lists of services' own blocks, each kept once. */
        private final Map<List<String>, String[]> keyLists = new HashMap<>();

        Collector(SourceNames names) {
            this.names = names;
        }

        /**
         * Every value in {@code block} (and below) that a file wrote, under {@code prefix}; built-in defaults
         * are skipped. Keys already in {@code into} are kept (call the most specific block first).
         */
        Map<String, Written> collect(ConfigObject block, String layer, String prefix, Map<String, Written> into) {
            if (block == null) return into;
            // keySet() and get(), not entrySet(): Typesafe's entrySet() builds a HashSet of its entries, hashing
            // every value and with it the value's whole subtree, at every service (as in KeyChecker)
            for (String k : block.keySet()) {
                String name = k.indexOf('.') < 0 ? k : ConfigUtil.quoteString(k);
                String key = keys.computeIfAbsent(prefix + name, x -> x);
                ConfigValue v = block.get(k);
                if (v instanceof ConfigObject o && !o.isEmpty()) {
                    collect(o, layer, key + ".", into);
                } else if (SourceNames.isUser(v.origin()) && !into.containsKey(key)) {
                    into.put(key, written(layer, v.origin()));
                }
            }
            return into;
        }

        Map<String, Written> collect(ConfigObject block, String layer, String prefix) {
            return collect(block, layer, prefix, new LinkedHashMap<>());
        }

        /**
         * What a service's own block writes, compactly when (as usual) it is all in one file: the keys shared with
         * every service that writes the same ones, and a line number each ({@link Lines}: about 60 bytes for
         * seven keys instead of about 400 as a map of {@link Written}s).
         */
        Map<String, Written> own(ConfigObject block) {
            Map<String, Written> all = collect(block, null, "");
            if (all.isEmpty()) return Map.of();
            String file = all.values().iterator().next().file();
            int[] lines = new int[all.size()];
            int i = 0;
            for (Written w : all.values()) {
                if (w.layer() != null || !w.file().equals(file)) return all; // parts in other files: as they are
                lines[i++] = w.line();
            }
            String[] names = keyLists.computeIfAbsent(List.copyOf(all.keySet()), k -> k.toArray(new String[0]));
            return new Lines(names, file, lines);
        }

        private Written written(String layer, ConfigOrigin origin) {
            String raw = origin.filename() != null ? origin.filename()
                    : origin.url() != null ? origin.url().toExternalForm() : origin.description();
            String file = files.computeIfAbsent(raw, r -> names.display(origin));
            return new Written(layer, file, origin.lineNumber());
        }
    }

    /** Keys written in one file by a service's own block, each with its line; read-only. */
    static final class Lines extends AbstractMap<String, Written> {
        private final String[] keys;
        private final String file;
        private final int[] lines;

        Lines(String[] keys, String file, int[] lines) {
            this.keys = keys;
            this.file = file;
            this.lines = lines;
        }

        @Override
        public Written get(Object key) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) return new Written(null, file, lines[i]);
            }
            return null;
        }

        @Override
        public boolean containsKey(Object key) {
            for (String k : keys) {
                if (k.equals(key)) return true;
            }
            return false;
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public Set<Entry<String, Written>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Written>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        public Entry<String, Written> next() {
                            if (next >= keys.length) throw new NoSuchElementException();
                            int i = next++;
                            return new SimpleImmutableEntry<>(keys[i], new Written(null, file, lines[i]));
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.length;
                }
            };
        }
    }
}
