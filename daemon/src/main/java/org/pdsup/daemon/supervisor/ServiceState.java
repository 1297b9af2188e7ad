package org.pdsup.daemon.supervisor;

import java.util.Locale;
import java.util.Optional;

/**
 * The states of one supervised service. The diagram and every transition are in docs/architecture.md.
 * On the wire and in metrics a state is its lower-case name.
 */
public enum ServiceState {
    /** Not running and not wanted: never started, stopped by an operator, or autostart = false. */
    STOPPED,
    /** Spawned; waiting for its readiness rule (ready.mode). */
    STARTING,
    /** Running and ready. */
    RUNNING,
    /** The stop signal was sent; waiting for the exit (SIGKILL after stop.timeout). */
    STOPPING,
    /** Ended and not restarted: restart policy says no, or a oneshot finished. */
    EXITED,
    /** Ended (or failed to spawn) and waiting out the restart delay. */
    BACKOFF,
    /** The start limit was hit: stays here until an operator starts it again. */
    FATAL;

    /** The lower-case name, made once: every transition's log line and event uses it. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    public static Optional<ServiceState> parse(String s) {
        for (ServiceState st : values()) {
            if (st.wireName().equalsIgnoreCase(s)) return Optional.of(st);
        }
        return Optional.empty();
    }
}
