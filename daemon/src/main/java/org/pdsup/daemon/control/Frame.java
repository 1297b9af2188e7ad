package org.pdsup.daemon.control;

/** One request line as read from the wire (newline removed), before it is parsed. */
record Frame(byte[] bytes, long startNanos) {
}
