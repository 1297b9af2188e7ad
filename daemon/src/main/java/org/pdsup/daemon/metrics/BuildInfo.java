package org.pdsup.daemon.metrics;

import java.util.Locale;
import java.util.Objects;

/**
 * The labels of {@code pdsup_build_info}: pdsup's version, the Java runtime's version
 * ({@code Runtime.version()}) and the process-descriptor backend ({@code linux-pidfd}, {@code freebsd-procdesc}).
 */
public record BuildInfo(String version, String java, String backend) {

    public BuildInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(backend, "backend");
    }

    /** For metrics made outside a daemon (tests, benchmarks): the running Java, version and backend unknown. */
    public static BuildInfo unknown() {
        return new BuildInfo("unknown", Runtime.version().toString(), "unknown");
    }

    /**
     * The backend's short name from a {@code ProcessDescriptors.describe()} text, which starts with it
     * ("linux pidfd backend, kernel ..." gives {@code linux-pidfd}); "unknown" for a text of another form.
     */
    public static String backendOf(String describe) {
        if (describe == null) return "unknown";
        int end = describe.indexOf(" backend");
        if (end <= 0) return "unknown";
        String name = describe.substring(0, end).strip().toLowerCase(Locale.ROOT).replace(' ', '-');
        return name.matches("[a-z0-9][a-z0-9_.-]{0,39}") ? name : "unknown";
    }
}
