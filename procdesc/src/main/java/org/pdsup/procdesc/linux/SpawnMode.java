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
     * JVM (subreaper) reaps the helper, so the service becomes its child. Max RSS is truthful. The default:
     * it is the path FreeBSD 14 takes, run here against a real kernel.
     */
    HELPER_FORK("helper-fork"),
    /**
     * posix_spawn runs {@code pdsup-exec}, which execs the service in place; then pidfd_open. ru_maxrss includes
     * the JVM's peak, so max RSS is shown only above it ({@link SupervisorPeak}).
     */
    DIRECT("direct");

    public static final String PROPERTY = "pdsup.spawn.mode";

    private final String text;

    SpawnMode(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }

    /** "helper-fork" or "direct" (case-insensitive). */
    public static SpawnMode parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (SpawnMode m : values()) {
            if (m.text.equals(v)) return m;
        }
        throw new IllegalArgumentException("unknown " + PROPERTY + " '" + value + "': expected helper-fork or direct");
    }

    /** The mode named by the system property, or {@link #HELPER_FORK}. */
    static SpawnMode fromSystemProperty() {
        String v = System.getProperty(PROPERTY);
        return v == null || v.isBlank() ? HELPER_FORK : parse(v);
    }
}
