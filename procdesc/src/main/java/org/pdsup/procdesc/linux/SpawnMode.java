package org.pdsup.procdesc.linux;

import java.util.Locale;

/**
 * How the Linux backend starts a process that needs the exec helper (one that does not is posix_spawned directly
 * in both modes: {@link LinuxSpawner#needsHelper}). Chosen by system property {@value #PROPERTY} or per
 * {@link LinuxProcessDescriptors#withMode(SpawnMode)}.
 */
public enum SpawnMode {
    /**
     * posix_spawn runs {@code pdsup-exec}, which forks, sends a pidfd of its child over a socket and exits; the
     * JVM (subreaper) reaps the helper, so the service becomes its child. Max RSS is truthful. It is the path
     * FreeBSD 14 takes, run here against a real kernel; the fork server is started this way.
     */
    HELPER_FORK("helper-fork"),
    /**
     * posix_spawn runs {@code pdsup-exec}, which execs the service in place; then pidfd_open. ru_maxrss includes
     * the JVM's peak, so max RSS is shown only above it ({@link SupervisorPeak}).
     */
    DIRECT("direct"),
    /**
     * A fork server ({@code pdsup-exec -Z}, started once through the helper's hand-off) clones every service with
     * CLONE_PARENT, so each is the JVM's child, tied to its main thread, with a truthful max RSS; no spawn copies
     * the JVM's descriptor table. Every spec goes through it, daemon or not. The default.
     */
    FORK_SERVER("fork-server");

    public static final String PROPERTY = "pdsup.spawn.mode";

    private final String text;

    SpawnMode(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }

    /** "fork-server", "helper-fork" or "direct" (case-insensitive). */
    public static SpawnMode parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (SpawnMode m : values()) {
            if (m.text.equals(v)) return m;
        }
        throw new IllegalArgumentException("unknown " + PROPERTY + " '" + value + "': expected fork-server, helper-fork or direct");
    }

    /** The mode named by the system property, or {@link #FORK_SERVER}. */
    static SpawnMode fromSystemProperty() {
        String v = System.getProperty(PROPERTY);
        return v == null || v.isBlank() ? FORK_SERVER : parse(v);
    }
}
