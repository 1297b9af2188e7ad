package org.pdsup.procdesc.freebsd;

import java.util.Locale;
import java.util.Optional;

/**
 * How the FreeBSD backend starts processes (DESIGN.md "Spawning from the JVM"), chosen once at start from
 * what was probed, never from the release number.
 */
public enum SpawnPath {
    /** posix_spawn + {@code posix_spawnattr_setprocdescp_np}: libc returns the descriptor (FreeBSD 16; 15.1 UNCONFIRMED). */
    PROCDESC_ATTR("procdesc-attr"),
    /** The exec helper pdforks and passes the descriptor back over SCM_RIGHTS (FreeBSD 14.x, 15.0). */
    EXEC_HELPER("exec-helper"),
    /** Last resort: posix_spawn and a bare PID watched with EVFILT_PROC; no kernel kill-on-close. */
    PID_ONLY("pid-only");

    /** System property forcing a path (for tests on a FreeBSD host): procdesc-attr, exec-helper or pid-only. */
    public static final String PROPERTY = "pdsup.freebsd.spawn";

    private final String id;

    SpawnPath(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * The path to use.
     *
     * @param forced       value of {@link #PROPERTY}, or null
     * @param hasProcdescp libc has posix_spawnattr_setprocdescp_np
     * @param hasHelper    the exec helper exists and is executable
     * @throws IllegalArgumentException for an unknown forced value, or a forced path that is unavailable
     */
    public static SpawnPath choose(String forced, boolean hasProcdescp, boolean hasHelper) {
        if (forced != null && !forced.isBlank()) {
            SpawnPath p = parse(forced).orElseThrow(() -> new IllegalArgumentException(
                    PROPERTY + "=" + forced + " is not one of procdesc-attr, exec-helper, pid-only"));
            if (p == PROCDESC_ATTR && !hasProcdescp) {
                throw new IllegalArgumentException(PROPERTY + "=procdesc-attr, but libc has no posix_spawnattr_setprocdescp_np");
            }
            if (p == EXEC_HELPER && !hasHelper) {
                throw new IllegalArgumentException(PROPERTY + "=exec-helper, but the exec helper was not found");
            }
            return p;
        }
        if (hasProcdescp) return PROCDESC_ATTR;
        if (hasHelper) return EXEC_HELPER;
        return PID_ONLY;
    }

    static Optional<SpawnPath> parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        for (SpawnPath p : values()) if (p.id.equals(v)) return Optional.of(p);
        return Optional.empty();
    }
}
