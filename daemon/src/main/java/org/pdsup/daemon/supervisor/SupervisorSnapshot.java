package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.Map;

/** All services, in configuration order, as last published by the supervisor thread. */
public record SupervisorSnapshot(Instant takenAt, Map<String, ServiceSnapshot> services) {
}
