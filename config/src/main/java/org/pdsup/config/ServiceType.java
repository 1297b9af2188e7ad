package org.pdsup.config;

/** How a service's process relates to the service ({@code services.NAME.type}). */
public enum ServiceType {
    /** The spawned process is the service; it runs until stopped. */
    SIMPLE,
    /** The spawned process runs to completion; success is judged by its exit code. */
    ONESHOT,
    /** The spawned process starts a daemon and exits; the daemon is tracked through {@code pidfile}. */
    FORKING
}
