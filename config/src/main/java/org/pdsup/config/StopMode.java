package org.pdsup.config;

/** Whom the stop signal reaches ({@code services.NAME.stop.mode}). */
public enum StopMode {
    /** Only the service's own process, through its process descriptor. */
    PROCESS,
    /** The service's whole process group (the service is made a session leader), grandchildren included. */
    GROUP
}
