package org.pdsup.daemon.supervisor.probe;

/**
 * One check of a service: a TCP connect, an HTTP GET or a command. {@link #run()} blocks, so it runs on a probe
 * thread and never on the supervisor's; it ends within its own timeout (plus the time to kill a command) and never
 * throws. The readiness rule ({@code ready.mode = tcp}) and the liveness check ({@code health}) both run these.
 */
public interface Probe {

    /** Runs the check once; the result says whether it passed and why. */
    ProbeResult run();

    /** What is checked, for messages: "tcp 127.0.0.1:8080", "GET http://…", "exec /usr/bin/check". */
    String describe();
}
