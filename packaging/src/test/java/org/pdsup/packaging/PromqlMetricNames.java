package org.pdsup.packaging;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana query of one) reads: what is left once string literals,
 * label matchers {@code {...}}, ranges {@code [...]}, grouping lists ({@code by (...)}, {@code on (...)}, ...),
 * function and aggregation names (an identifier followed by {@code (}), keywords and numbers are taken out.
 * Grafana's variables ({@code $job}, {@code ${job}}, {@code $__rate_interval}) are replaced first, and its
 * {@code label_values(SELECTOR, LABEL)} is read as its selector.
 */
final class PromqlMetricNames {
    private PromqlMetricNames() {
    }

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2");
    private static final Pattern GRAFANA_INTERVAL = Pattern.compile("\\$\\{?__(rate_interval|interval|range)\\}?");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_]*\\}?");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)\\s*$");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?");

    /** {@code expr} with Grafana's variables replaced by values PromQL accepts: a range, or ".*" in a matcher. */
    static String substituteGrafanaVariables(String expr) {
        String s = GRAFANA_INTERVAL.matcher(expr).replaceAll("5m");
        return GRAFANA_VARIABLE.matcher(s).replaceAll(".*");
    }

    static Set<String> of(String expr) {
        String s = substituteGrafanaVariables(expr);
        Matcher lv = LABEL_VALUES.matcher(s);
        if (lv.matches()) s = lv.group(1);
        s = STRING.matcher(s).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*\\}", " ").replaceAll("\\[[^\\]]*\\]", " ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (m.group(2) != null) continue;                        // a function or an aggregation
            String id = m.group(1);
            if (!KEYWORDS.contains(id.toLowerCase(java.util.Locale.ROOT))) names.add(id);
        }
        return names;
    }
}
