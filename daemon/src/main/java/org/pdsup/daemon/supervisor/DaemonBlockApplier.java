package org.pdsup.daemon.supervisor;

import java.util.List;

import org.pdsup.config.DaemonSettings;

/**
 * Applies at a reload the parts of {@code pdsupd { }} that live above the core: the control socket's roles,
 * file mode and limits, the metrics endpoint. The adapters implement it ({@code DaemonServers}); the core
 * calls it in two phases so that a reload is all or nothing: {@link #prepare} checks everything and readies
 * what can fail (binds a new metrics port, sets the socket's new mode) before any service changes; then,
 * once the services took the new configuration, {@link Prepared#commit} switches over (which cannot fail), or
 * {@link Prepared#abort} undoes what prepare did. Calls come one reload at a time, never on the supervisor
 * thread.
 */
public interface DaemonBlockApplier {

    /**
     * @param changedKeys the keys of the block that differ ({@link org.pdsup.config.DaemonBlockDiff})
     * @throws ReloadRefusedException naming each key that cannot be applied and why; nothing changed
     */
    Prepared prepare(DaemonSettings current, DaemonSettings next, List<String> changedKeys)
            throws ReloadRefusedException;

    /** A prepared change: exactly one of its methods is called, once. */
    interface Prepared {
        void commit();

        void abort();
    }

    /** Nothing above the core to apply (tests that run the supervisor alone). */
    Prepared NOTHING = new Prepared() {
        @Override public void commit() { }
        @Override public void abort() { }
    };

    DaemonBlockApplier NONE = (current, next, keys) -> NOTHING;
}
