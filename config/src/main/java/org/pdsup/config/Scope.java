package org.pdsup.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import org.pdsup.procdesc.Signal;

/**
 * Typed reading of one block ({@code pdsupd}, one service, an output block) with every problem recorded and
 * never thrown. Keys are relative dotted paths ({@code "backoff.initial"}). A reader returns null when the value
 * is absent or wrong; the caller then builds nothing (the load fails with the collected errors).
 *
 * <p>The merged view holds the effective values (the block over its defaults). The layers say where a key came
 * from, so that an error names the path the operator wrote: {@code services.web.restart} when the service set it,
 * {@code pdsupd.service-defaults.restart} when it was inherited.
 */
final class Scope {

    /** One source of keys for this block: the object as written there, and the path it lives at. */
    record Layer(ConfigObject own, List<String> prefix) {}

    private final ConfigObject merged;
    private final List<Layer> layers;
    private final ConfigOrigin blockOrigin;
    private final Problems problems;

    Scope(ConfigObject merged, List<Layer> layers, ConfigOrigin blockOrigin, Problems problems) {
        this.merged = merged;
        this.layers = List.copyOf(layers);
        this.blockOrigin = blockOrigin;
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    ConfigOrigin blockOrigin() {
        return blockOrigin;
    }

    // ---- where things are ------------------------------------------------------------------------------------

    /** The value at a relative path, or null when absent (including below a value that is not an object). */
    ConfigValue value(String key) {
        return at(merged, key);
    }

    static ConfigValue at(ConfigObject root, String key) {
        if (root == null) return null;
        List<String> parts = ParsedValues.path(key);
        ConfigValue v = root;
        for (String p : parts) {
            if (!(v instanceof ConfigObject o)) return null;
            v = o.get(p);
            if (v == null) return null;
        }
        return v;
    }

    /** True when the operator wrote this key (in any layer), as opposed to a built-in default. */
    boolean userSet(String key) {
        ConfigValue v = value(key);
        return v != null && SourceNames.isUser(v.origin());
    }

    /** The full path of a key as the operator wrote it (the first layer that has it; else the last layer). */
    String path(String key) {
        List<String> rel = ParsedValues.path(key);
        Layer chosen = layers.get(layers.size() - 1);
        for (Layer l : layers) {
            if (at(l.own(), key) != null) {
                chosen = l;
                break;
            }
        }
        List<String> all = new ArrayList<>(chosen.prefix());
        all.addAll(rel);
        return ConfigUtil.joinPath(all);
    }

    /** The full path of a key under this block's own prefix ({@code services.web.command}). */
    String ownPath(String key) {
        List<String> all = new ArrayList<>(layers.get(0).prefix());
        all.addAll(ParsedValues.path(key));
        return ConfigUtil.joinPath(all);
    }

    /** Where the key's value was written; the block's own origin for built-in defaults and absent keys. */
    ConfigOrigin origin(String key) {
        ConfigValue v = value(key);
        return v != null && SourceNames.isUser(v.origin()) ? v.origin() : blockOrigin;
    }

    /** Records an error about a key, at the key's origin. */
    void error(String key, String message) {
        problems.add(origin(key), path(key), message);
    }

    /**
     * Records a conflict between settings of this block: the path is {@code pathKey} under this block's own
     * prefix (e.g. {@code services.web.type}), the place is the first of {@code keys} this block itself sets,
     * else the block's start.
     */
    void conflict(String pathKey, String message, String... keys) {
        Layer own = layers.get(0);
        ConfigOrigin where = blockOrigin;
        for (String k : keys) {
            ConfigValue v = at(own.own(), k);
            if (v != null && SourceNames.isUser(v.origin())) {
                where = v.origin();
                break;
            }
        }
        problems.add(where, ownPath(pathKey), message);
    }

    /**
     * Like {@link #conflict}, but only when this block itself sets one of {@code keys}: a conflict that comes
     * entirely from the layers below is reported where those layers are read.
     */
    void ownConflict(String pathKey, String message, String... keys) {
        if (layers.size() > 1) {
            boolean own = false;
            for (String k : keys) own |= at(layers.get(0).own(), k) != null;
            if (!own) return;
        }
        conflict(pathKey, message, keys);
    }

    // ---- typed readers --------------------------------------------------------------------------------------

    /** The value, or null after recording "must not be null" (for keys that always have a default). */
    private ConfigValue required(String key) {
        if (merged == null) return null; // the block itself was wrong, and that is already recorded
        ConfigValue v = value(key);
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            error(key, "must be set (null is not allowed here)");
            return null;
        }
        return v;
    }

    /** Null when absent or null. */
    private ConfigValue optional(String key) {
        ConfigValue v = value(key);
        return v == null || v.valueType() == ConfigValueType.NULL ? null : v;
    }

    private void wrongType(String key, String expected, ConfigValue v) {
        error(key, "expected " + expected + ", got " + describe(v));
    }

    static String describe(ConfigValue v) {
        return switch (v.valueType()) {
            case OBJECT -> "an object";
            case LIST -> "a list";
            case NULL -> "null";
            case STRING -> "string \"" + v.unwrapped() + "\"";
            case NUMBER -> "number " + v.unwrapped();
            case BOOLEAN -> "boolean " + v.unwrapped();
        };
    }

    /** A scalar as text (numbers and booleans are accepted as their text). */
    String string(String key, boolean nullable) {
        ConfigValue v = nullable ? optional(key) : required(key);
        return v == null ? null : text(key, v);
    }

    private String text(String key, ConfigValue v) {
        return switch (v.valueType()) {
            case STRING, NUMBER, BOOLEAN -> String.valueOf(v.unwrapped());
            default -> {
                wrongType(key, "a string", v);
                yield null;
            }
        };
    }

    /** A non-empty string. */
    String nonEmptyString(String key, boolean nullable) {
        String s = string(key, nullable);
        if (s != null && s.isBlank()) {
            error(key, "must not be empty");
            return null;
        }
        return s;
    }

    Boolean bool(String key) {
        ConfigValue v = required(key);
        if (v == null) return null;
        if (v.valueType() == ConfigValueType.BOOLEAN) return (Boolean) v.unwrapped();
        if (v.valueType() == ConfigValueType.STRING) {
            switch (((String) v.unwrapped()).toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on": return true;
                case "false", "no", "off": return false;
                default: break;
            }
        }
        wrongType(key, "a boolean (true or false)", v);
        return null;
    }

    /** An integer in [min, max]; {@code nullable} keys may be absent or null. */
    Long integer(String key, long min, long max, boolean nullable) {
        ConfigValue v = nullable ? optional(key) : required(key);
        return v == null ? null : integerValue(key, v, min, max);
    }

    private Long integerValue(String key, ConfigValue v, long min, long max) {
        Long n = toLong(v);
        if (n == null) {
            wrongType(key, "an integer", v);
            return null;
        }
        if (n < min || n > max) {
            error(key, rangeMessage(min, max, String.valueOf(n)));
            return null;
        }
        return n;
    }

    static Long toLong(ConfigValue v) {
        if (v.valueType() == ConfigValueType.NUMBER) {
            Number num = (Number) v.unwrapped();
            if (num instanceof Double d) {
                return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (long) d.doubleValue() : null;
            }
            return num.longValue();
        }
        if (v.valueType() == ConfigValueType.STRING) {
            try {
                return Long.parseLong(((String) v.unwrapped()).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static String rangeMessage(long min, long max, String got) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) return "must be at least " + min + ", got " + got;
        return "must be between " + min + " and " + max + ", got " + got;
    }

    Integer intValue(String key, long min, long max) {
        Long n = integer(key, min, max, false);
        return n == null ? null : n.intValue();
    }

    Integer optionalInt(String key, long min, long max) {
        Long n = integer(key, min, max, true);
        return n == null ? null : n.intValue();
    }

    /** A real number in [min, max]. */
    Double number(String key, double min, double max, String rangeText) {
        ConfigValue v = required(key);
        if (v == null) return null;
        Double d = null;
        if (v.valueType() == ConfigValueType.NUMBER) {
            d = ((Number) v.unwrapped()).doubleValue();
        } else if (v.valueType() == ConfigValueType.STRING) {
            try {
                d = Double.parseDouble(((String) v.unwrapped()).trim());
            } catch (NumberFormatException e) {
                d = null;
            }
        }
        if (d == null || d.isNaN()) {
            wrongType(key, "a number", v);
            return null;
        }
        if (d < min || d > max) {
            error(key, rangeText + ", got " + v.unwrapped());
            return null;
        }
        return d;
    }

    /** A duration with a unit; never negative, and zero only when {@code allowZero}. */
    Duration duration(String key, boolean allowZero) {
        ConfigValue v = required(key);
        return v == null ? null : durationValue(key, v, allowZero);
    }

    Duration durationValue(String key, ConfigValue v, boolean allowZero) {
        if (v.valueType() == ConfigValueType.NUMBER && ((Number) v.unwrapped()).doubleValue() == 0) {
            // Zero needs no unit: "initial = 0" means what it says.
            if (!allowZero) error(key, "must be longer than zero, got 0");
            return allowZero ? Duration.ZERO : null;
        }
        if (v.valueType() != ConfigValueType.STRING) {
            if (v.valueType() == ConfigValueType.NUMBER) {
                error(key, "a duration needs a unit, e.g. " + v.unwrapped() + "s or " + v.unwrapped() + "ms");
            } else {
                wrongType(key, "a duration such as 500ms, 10s, 5m or 1h", v);
            }
            return null;
        }
        String s = (String) v.unwrapped();
        Duration d;
        try {
            d = ParsedValues.duration(s);
        } catch (com.typesafe.config.ConfigException e) {
            error(key, "invalid duration \"" + s + "\" (expected a number and a unit such as 500ms, 10s, 5m or 1h)");
            return null;
        }
        if (d.isNegative() || (!allowZero && d.isZero())) {
            error(key, (allowZero ? "must not be negative" : "must be longer than zero") + ", got " + s);
            return null;
        }
        return d;
    }

    /** A size in bytes: a plain number, or a number with a unit (KiB, MiB, GiB, kB, MB, ...). */
    Long bytes(String key, long min, long max) {
        ConfigValue v = required(key);
        return v == null ? null : bytesValue(key, v, min, max);
    }

    Long bytesValue(String key, ConfigValue v, long min, long max) {
        Long n;
        if (v.valueType() == ConfigValueType.NUMBER) {
            n = toLong(v);
        } else if (v.valueType() == ConfigValueType.STRING) {
            try {
                n = ParsedValues.bytes((String) v.unwrapped());
            } catch (com.typesafe.config.ConfigException e) {
                error(key, "invalid size \"" + v.unwrapped() + "\" (expected bytes, or a number and a unit such as"
                        + " 64KiB, 10MiB or 1GiB)");
                return null;
            }
        } else {
            n = null;
        }
        if (n == null) {
            wrongType(key, "a size such as 64KiB or 10MiB", v);
            return null;
        }
        if (n < min || n > max) {
            error(key, "must be between " + Sizes.format(min) + " and " + Sizes.format(max) + ", got "
                    + v.unwrapped());
            return null;
        }
        return n;
    }

    /** One of an enum's constants, written in kebab-case ({@code on-failure} for ON_FAILURE). */
    <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        return enumValue(key, type, null);
    }

    /** As {@link #enumValue(String, Class)}, with HOCON's {@code null} read as {@code nullMeans} (if not null). */
    <E extends Enum<E>> E enumValue(String key, Class<E> type, E nullMeans) {
        if (nullMeans != null && merged != null) {
            ConfigValue raw = value(key);
            if (raw != null && raw.valueType() == ConfigValueType.NULL) return nullMeans;
        }
        ConfigValue v = required(key);
        if (v == null) return null;
        List<String> allowed = ParsedValues.kebabNames(type);
        if (v.valueType() != ConfigValueType.STRING) {
            wrongType(key, "one of " + orList(allowed), v);
            return null;
        }
        String s = ((String) v.unwrapped()).trim().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (kebab(e).equals(s)) return e;
        }
        String hint = EditDistance.suggest(s, allowed).map(x -> "did you mean \"" + x + "\"? ").orElse("");
        error(key, "unknown value \"" + v.unwrapped() + "\" (" + hint + "expected " + orList(allowed) + ")");
        return null;
    }

    static String kebab(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String orList(List<String> items) {
        if (items.size() == 1) return items.get(0);
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }

    /** A signal name: TERM, SIGTERM or term. */
    Signal signal(String key) {
        ConfigValue v = required(key);
        if (v == null) return null;
        if (v.valueType() != ConfigValueType.STRING) {
            wrongType(key, "a signal name such as TERM", v);
            return null;
        }
        String s = (String) v.unwrapped();
        var parsed = Signal.parse(s);
        if (parsed.isPresent()) return parsed.get();
        List<String> names = Arrays.stream(Signal.values()).map(Enum::name).collect(Collectors.toList());
        String bare = s.trim().toUpperCase(Locale.ROOT);
        if (bare.startsWith("SIG")) bare = bare.substring(3);
        String hint = EditDistance.suggest(bare, names).map(x -> "did you mean " + x + "?")
                .orElse("expected a name such as TERM, INT, HUP, USR1 or KILL; numbers are not portable");
        error(key, "unknown signal \"" + s + "\" (" + hint + ")");
        return null;
    }

    /** An absolute path; relative paths are refused. */
    Path absolutePath(String key, boolean nullable) {
        String s = nonEmptyString(key, nullable);
        if (s == null) return null;
        Path p = Path.of(s);
        if (!p.isAbsolute()) {
            error(key, "\"" + s + "\" is not an absolute path");
            return null;
        }
        return p.normalize();
    }

    /** A list value, or null (absent, null, or wrong type — recorded). */
    List<? extends ConfigValue> list(String key, String expected) {
        ConfigValue v = required(key);
        if (v == null) return null;
        if (v.valueType() != ConfigValueType.LIST) {
            wrongType(key, expected, v);
            return null;
        }
        @SuppressWarnings("unchecked")
        List<? extends ConfigValue> items = (List<? extends ConfigValue>) v;
        return items;
    }

    /** A list of scalars as strings. */
    List<String> stringList(String key) {
        List<? extends ConfigValue> items = list(key, "a list of strings");
        if (items == null) return null;
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            ConfigValue item = items.get(i);
            switch (item.valueType()) {
                case STRING, NUMBER, BOOLEAN -> out.add(String.valueOf(item.unwrapped()));
                default -> {
                    problems.add(SourceNames.isUser(item.origin()) ? item.origin() : origin(key),
                            path(key) + "[" + i + "]", "expected a string, got " + describe(item));
                    ok = false;
                }
            }
        }
        return ok ? out : null;
    }

    /** A list of integers in [min, max]. */
    List<Integer> intList(String key, int min, int max) {
        List<? extends ConfigValue> items = list(key, "a list of integers");
        if (items == null) return null;
        List<Integer> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            ConfigValue item = items.get(i);
            Long n = toLong(item);
            ConfigOrigin o = SourceNames.isUser(item.origin()) ? item.origin() : origin(key);
            if (n == null) {
                problems.add(o, path(key) + "[" + i + "]", "expected an integer, got " + describe(item));
                ok = false;
            } else if (n < min || n > max) {
                problems.add(o, path(key) + "[" + i + "]", rangeMessage(min, max, String.valueOf(n)));
                ok = false;
            } else {
                out.add(n.intValue());
            }
        }
        return ok ? out : null;
    }

    /** An object value (or null after recording a wrong type); absent/null objects give null silently. */
    ConfigObject object(String key) {
        ConfigValue v = optional(key);
        if (v == null) return null;
        if (v.valueType() != ConfigValueType.OBJECT) {
            wrongType(key, "an object { ... }", v);
            return null;
        }
        return (ConfigObject) v;
    }

    /** An object value that must be present (null after recording why not). */
    ConfigObject requiredObject(String key) {
        ConfigValue v = required(key);
        if (v == null) return null;
        if (v.valueType() != ConfigValueType.OBJECT) {
            wrongType(key, "an object { ... }", v);
            return null;
        }
        return (ConfigObject) v;
    }

    /**
     * An octal mode written as a quoted string ("022", "0660"): HOCON reads an unquoted 022 as the number 22,
     * so numbers are refused rather than silently misread.
     */
    Integer octal(String key, int max, boolean nullable, String example) {
        ConfigValue v = nullable ? optional(key) : required(key);
        if (v == null) return null;
        if (v.valueType() == ConfigValueType.NUMBER) {
            error(key, "write the octal mode as a quoted string, e.g. \"" + example
                    + "\" (an unquoted number loses its leading zero)");
            return null;
        }
        if (v.valueType() != ConfigValueType.STRING) {
            wrongType(key, "an octal mode such as \"" + example + "\"", v);
            return null;
        }
        String s = ((String) v.unwrapped()).trim();
        int value = -1;
        if (s.matches("[0-7]{1,5}")) value = Integer.parseInt(s, 8);
        if (value < 0 || value > max) {
            error(key, "must be an octal mode between 0 and " + Integer.toOctalString(max) + ", got \"" + s + "\"");
            return null;
        }
        return value;
    }
}
