package org.pdsup.config;

/** How a running service's liveness is checked ({@code services.NAME.health.mode}). */
public enum HealthMode {
    /** No liveness check (nothing runs, nothing is scheduled). */
    NONE,
    /** A command, run as the service's user, must exit 0 within the timeout. */
    EXEC,
    /** {@code health.address} must accept a TCP connection within the timeout. */
    TCP,
    /** A GET of {@code health.url} must answer 2xx (with {@code health.expect-body} in its body) in time. */
    HTTP
}
