package org.pdsup.config;

/** Where one output stream of a service goes ({@code output.stdout}, {@code output.stderr}). */
public enum OutputTarget {
    /** A log file under {@code pdsupd.log-dir/NAME/}. */
    FILE,
    /** The local syslog socket, one message per line. */
    SYSLOG,
    /** The supervisor's own descriptor. */
    INHERIT,
    /** Discarded ({@code /dev/null}). */
    NULL
}
