package org.pdsup.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;

/**
 * The parses that every service repeats, each done once per distinct text: key paths ({@code "backoff.initial"}),
 * durations ({@code "10s"}), sizes ({@code "64KiB"}) and an enum's names in kebab-case. Reading 1,000 services
 * of the same shape parsed the same few strings thousands of times through Typesafe's path parser and its
 * regular expressions; those parses were a sixth of the configuration's sampled CPU (docs/benchmarks.md, "Start
 * path (issue 22, branch start-path)").
 *
 * <p>Only successful parses are kept, so a bad value is parsed (and reported) every time as before; the results
 * are immutable. Each table holds at most {@link #LIMIT} texts: past that, values are parsed and not kept, so a
 * configuration of many distinct values costs what it did and no more memory.
 */
final class ParsedValues {
    /** Distinct texts kept per table. */
    static final int LIMIT = 1024;

    private static final Map<String, List<String>> PATHS = new ConcurrentHashMap<>();
    private static final Map<String, Duration> DURATIONS = new ConcurrentHashMap<>();
    private static final Map<String, Long> SIZES = new ConcurrentHashMap<>();
    private static final ClassValue<List<String>> KEBAB_NAMES = new ClassValue<>() {
        @Override
        protected List<String> computeValue(Class<?> type) {
            return Arrays.stream(type.getEnumConstants()).map(e -> Scope.kebab((Enum<?>) e)).toList();
        }
    };

    private ParsedValues() {}

    /** {@link ConfigUtil#splitPath(String)}, immutable. */
    static List<String> path(String key) {
        return parse(PATHS, key, k -> List.copyOf(ConfigUtil.splitPath(k)));
    }

    /**
     * The duration Typesafe reads from {@code text} ({@code Config.getDuration}).
     *
     * @throws com.typesafe.config.ConfigException when it is not one
     */
    static Duration duration(String text) {
        return parse(DURATIONS, text, t -> ConfigValueFactory.fromAnyRef(t).atKey("d").getDuration("d"));
    }

    /**
     * The size in bytes Typesafe reads from {@code text} ({@code Config.getBytes}).
     *
     * @throws com.typesafe.config.ConfigException when it is not one
     */
    static Long bytes(String text) {
        return parse(SIZES, text, t -> ConfigValueFactory.fromAnyRef(t).atKey("b").getBytes("b"));
    }

    /** The constants of {@code type} in kebab-case ({@code on-failure} for ON_FAILURE), in declaration order. */
    static List<String> kebabNames(Class<? extends Enum<?>> type) {
        return KEBAB_NAMES.get(type);
    }

    /** How many texts each table holds now: paths, durations, sizes (tests). */
    static int[] sizes() {
        return new int[] {PATHS.size(), DURATIONS.size(), SIZES.size()};
    }

    private static <T> T parse(Map<String, T> table, String text, Function<String, T> parser) {
        T known = table.get(text);
        if (known != null) return known;
        T parsed = parser.apply(text); // a failure propagates and nothing is kept
        if (table.size() < LIMIT) table.putIfAbsent(text, parsed);
        return parsed;
    }
}
