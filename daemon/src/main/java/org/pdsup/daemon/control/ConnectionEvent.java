package org.pdsup.daemon.control;

/** User events the control handlers send each other through the pipeline. */
enum ConnectionEvent {
    /** A request finished or a stream opened or closed: back-pressure and the idle timer re-check. */
    ACTIVITY_CHANGED
}
