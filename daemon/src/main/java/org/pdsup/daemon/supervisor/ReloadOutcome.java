package org.pdsup.daemon.supervisor;

import java.util.List;

/**
 * The outcome of a reload: what was added, removed, restarted, updated in place, the keys of the
 * {@code pdsupd { }} block that changed ({@code pdsupd.control.admins.users}, ...); or the errors.
 */
public record ReloadOutcome(boolean applied, List<String> added, List<String> removed, List<String> restarted,
                            List<String> updated, List<String> unchanged, List<String> errors,
                            List<String> daemonKeys) {

    public ReloadOutcome {
        daemonKeys = List.copyOf(daemonKeys);
    }

    /** No key of the {@code pdsupd { }} block changed. */
    public ReloadOutcome(boolean applied, List<String> added, List<String> removed, List<String> restarted,
                         List<String> updated, List<String> unchanged, List<String> errors) {
        this(applied, added, removed, restarted, updated, unchanged, errors, List.of());
    }

    /** The new configuration was refused; nothing changed. */
    public static ReloadOutcome refused(List<String> errors) {
        return new ReloadOutcome(false, List.of(), List.of(), List.of(), List.of(), List.of(), errors);
    }

    /** The same, with the changed keys of the {@code pdsupd { }} block. */
    public ReloadOutcome withDaemonKeys(List<String> keys) {
        return new ReloadOutcome(applied, added, removed, restarted, updated, unchanged, errors, keys);
    }
}
