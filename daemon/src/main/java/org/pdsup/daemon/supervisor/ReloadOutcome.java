package org.pdsup.daemon.supervisor;

import java.util.List;

/** The outcome of a reload: what was added, removed, restarted, updated in place; or the errors. */
public record ReloadOutcome(boolean applied, List<String> added, List<String> removed, List<String> restarted,
                            List<String> updated, List<String> unchanged, List<String> errors) {

    /** The new configuration was refused; nothing changed. */
    public static ReloadOutcome refused(List<String> errors) {
        return new ReloadOutcome(false, List.of(), List.of(), List.of(), List.of(), List.of(), errors);
    }
}
