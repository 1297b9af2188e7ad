package org.pdsup.daemon.control;

import org.pdsup.protocol.ProtocolException;

/**
 * A frame that did not make a valid request, passed on so the dispatcher answers and counts it like any
 * other.
 *
 * @param metricOp "unknown" for an unknown op, "invalid" for anything else (never the client's text: that
 *                 would let clients create metric series)
 */
record InvalidRequest(ProtocolException error, String metricOp, long startNanos) {
}
