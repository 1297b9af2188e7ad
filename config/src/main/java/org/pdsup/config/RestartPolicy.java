package org.pdsup.config;

/** What follows an exit ({@code services.NAME.restart}). */
public enum RestartPolicy {
    /** Restart after every exit that was not asked for. */
    ALWAYS,
    /** Restart only after an exit code outside {@code success-exit-codes} or a death by signal. */
    ON_FAILURE,
    /** Never restart. */
    NEVER
}
