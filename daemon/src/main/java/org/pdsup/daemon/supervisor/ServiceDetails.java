package org.pdsup.daemon.supervisor;

import java.nio.file.Path;
import java.util.List;

import org.pdsup.config.ServiceConfig;

/**
 * What {@code show} adds to a service's snapshot, read on the supervisor thread: its configuration, where its
 * output goes, its process descriptor, and which services require it.
 *
 * @param logDir      the daemon's log directory (the service's files are under {@code logDir/NAME/})
 * @param descriptor  the number of the process descriptor pdsupd holds, or -1 without a process
 * @param persistent  the process was spawned to outlive pdsupd ({@code persist = true})
 * @param requiredBy  the services whose {@code requires} names this one, in configuration order
 */
public record ServiceDetails(ServiceConfig config, Path logDir, int descriptor, boolean persistent,
                             List<String> requiredBy) {
    public ServiceDetails {
        requiredBy = List.copyOf(requiredBy);
    }
}
