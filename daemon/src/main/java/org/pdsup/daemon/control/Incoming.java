package org.pdsup.daemon.control;

import org.pdsup.protocol.Request;

/** A request read from the wire, with the time it was read (for the latency metric). */
record Incoming(Request request, long startNanos) {
}
