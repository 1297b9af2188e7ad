package org.pdsup.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a successful {@code reload} changed: service names in each list, and the keys of the {@code pdsupd { }}
 * block whose values changed ({@code changed_keys}, such as {@code pdsupd.control.admins.users}).
 */
public record ReloadResult(List<String> added, List<String> removed, List<String> restarted, List<String> updated,
                           List<String> unchanged, List<String> changedKeys) {

    public ReloadResult {
        changedKeys = List.copyOf(changedKeys);
    }

    /** No key of the {@code pdsupd { }} block changed (or an older pdsupd, which does not say). */
    public ReloadResult(List<String> added, List<String> removed, List<String> restarted, List<String> updated,
                        List<String> unchanged) {
        this(added, removed, restarted, updated, unchanged, List.of());
    }

    /** The result fields of the response (without id and ok). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("added", Values.list(added));
        m.put("removed", Values.list(removed));
        m.put("restarted", Values.list(restarted));
        m.put("updated", Values.list(updated));
        m.put("unchanged", Values.list(unchanged));
        m.put("changed_keys", Values.list(changedKeys));
        return m;
    }

    public static ReloadResult fromJson(Map<String, Object> m) {
        return new ReloadResult(Values.strings(m, "added"), Values.strings(m, "removed"),
                Values.strings(m, "restarted"), Values.strings(m, "updated"), Values.strings(m, "unchanged"),
                Values.strings(m, "changed_keys"));
    }
}
