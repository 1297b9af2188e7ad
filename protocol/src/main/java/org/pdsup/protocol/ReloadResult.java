package org.pdsup.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a successful {@code reload} changed, service names in each list. */
public record ReloadResult(List<String> added, List<String> removed, List<String> restarted, List<String> updated,
                           List<String> unchanged) {

    /** The result fields of the response (without id and ok). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("added", Values.list(added));
        m.put("removed", Values.list(removed));
        m.put("restarted", Values.list(restarted));
        m.put("updated", Values.list(updated));
        m.put("unchanged", Values.list(unchanged));
        return m;
    }

    public static ReloadResult fromJson(Map<String, Object> m) {
        return new ReloadResult(Values.strings(m, "added"), Values.strings(m, "removed"),
                Values.strings(m, "restarted"), Values.strings(m, "updated"), Values.strings(m, "unchanged"));
    }
}
