package org.pdsup.procdesc.stats;

import java.time.Instant;

/**
 * Who a process is: its PID, process group, session, and start time. The start time tells a process from a
 * later one that reuses its PID; it is computed the way {@code ProcessDescriptor.startTime()} is, so the two
 * compare within {@link ProcessTable#startTimeResolution()}. {@code exited}: it has exited and waits to be
 * reaped (a zombie): it can neither run nor be signalled.
 */
public record ProcessIdentity(int pid, int pgid, int sid, Instant startTime, boolean exited) {}
