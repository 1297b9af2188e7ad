package org.pdsup.daemon.supervisor;

import java.util.Locale;

/** The verdict of a service's liveness check ({@code health}); on the wire its lower-case name. */
public enum HealthState {
    /** No counted result yet in this run (just running, or failing within {@code start-period}). */
    STARTING,
    /** The last check passed, or fewer than {@code failures} checks in a row have failed. */
    HEALTHY,
    /** {@code failures} checks in a row failed: the service is restarted. */
    UNHEALTHY;

    private final String wireName = name().toLowerCase(Locale.ROOT); // made once: every health event uses it

    public String wireName() {
        return wireName;
    }
}
