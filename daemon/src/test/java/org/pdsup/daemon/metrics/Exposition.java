package org.pdsup.daemon.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small reader of the Prometheus text format for assertions: every sample as {@code name{a="1",b="2"}}
 * (labels sorted by name) to its value, plus the {@code # TYPE} of every family.
 */
final class Exposition {
    final Map<String, Double> samples = new LinkedHashMap<>();
    final Map<String, String> types = new LinkedHashMap<>();

    static Exposition parse(String text) {
        Exposition e = new Exposition();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            if (line.startsWith("# TYPE ")) {
                String[] p = line.substring(7).split(" ");
                e.types.put(p[0], p[1]);
                continue;
            }
            if (line.startsWith("#")) continue;
            int brace = line.indexOf('{');
            int space;
            String name;
            Map<String, String> labels = new TreeMap<>();
            if (brace >= 0) {
                name = line.substring(0, brace);
                int i = brace + 1;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String label = line.substring(i, eq);
                    StringBuilder v = new StringBuilder();
                    int j = eq + 2;
                    while (line.charAt(j) != '"') {
                        char c = line.charAt(j);
                        if (c == '\\') {
                            char n = line.charAt(++j);
                            v.append(n == 'n' ? '\n' : n);
                        } else {
                            v.append(c);
                        }
                        j++;
                    }
                    labels.put(label, v.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') i++;
                }
                space = i + 1;
            } else {
                space = line.indexOf(' ');
                name = line.substring(0, space);
            }
            String rest = line.substring(space).strip().split(" ")[0];
            e.samples.put(key(name, labels), Double.parseDouble(rest.replace("+Inf", "Infinity")));
        }
        return e;
    }

    /** {@code key("m", "service", "a", "mode", "user")} -> {@code m{mode="user",service="a"}}. */
    static String key(String name, String... labelPairs) {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) labels.put(labelPairs[i], labelPairs[i + 1]);
        return key(name, labels);
    }

    private static String key(String name, Map<String, String> labels) {
        if (labels.isEmpty()) return name;
        StringBuilder b = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
        b.setLength(b.length() - 1);
        return b.append('}').toString();
    }

    Double value(String name, String... labelPairs) {
        return samples.get(key(name, labelPairs));
    }

    /** Samples of family {@code name} (exactly that name) that carry {@code service="..."}. */
    long seriesOf(String name, String service) {
        String prefix = name + "{";
        String needle = "service=\"" + service + "\"";
        return samples.keySet().stream().filter(k -> k.startsWith(prefix) && k.contains(needle)).count();
    }

    /** Every sample that carries {@code service="..."}, of any family. */
    long seriesWithService(String service) {
        String needle = "service=\"" + service + "\"";
        return samples.keySet().stream().filter(k -> k.contains(needle)).count();
    }
}
