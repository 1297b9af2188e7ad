package org.pdsup.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lenient readers for fields of a parsed response: a missing or mistyped field yields the default. */
final class Values {
    private Values() {}

    static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof String ? (String) v : null;
    }

    static long integer(Map<String, Object> m, String key, long dflt) {
        Object v = m.get(key);
        return v instanceof Number ? ((Number) v).longValue() : dflt;
    }

    static double number(Map<String, Object> m, String key, double dflt) {
        Object v = m.get(key);
        return v instanceof Number ? ((Number) v).doubleValue() : dflt;
    }

    static boolean bool(Map<String, Object> m, String key) {
        return Boolean.TRUE.equals(m.get(key));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Map ? (Map<String, Object>) v : null;
    }

    static List<String> strings(Map<String, Object> m, String key) {
        Object v = m.get(key);
        List<String> out = new ArrayList<>();
        if (v instanceof List) {
            for (Object o : (List<?>) v) {
                if (o instanceof String) out.add((String) o);
            }
        }
        return out;
    }

    static List<Object> list(List<String> strings) {
        return new ArrayList<Object>(strings);
    }
}
