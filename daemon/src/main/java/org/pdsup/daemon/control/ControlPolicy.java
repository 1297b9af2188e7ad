package org.pdsup.daemon.control;

/**
 * The control server's settings in force and the {@link Authorizer} made from them. A reload replaces it as a
 * whole ({@link ControlServer#prepare}): roles count from the next request of every connection, limits and
 * timeouts from the next connection.
 */
record ControlPolicy(ControlServerSettings settings, Authorizer authorizer) {}
