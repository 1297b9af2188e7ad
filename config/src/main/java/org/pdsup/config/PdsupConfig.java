package org.pdsup.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The whole validated configuration: daemon settings, the services in file order (main file first, then the
 * include-dir files in sorted order, each in the order written) and the files it was read from.
 */
public record PdsupConfig(DaemonSettings daemon, Map<String, ServiceConfig> services, List<Path> sourceFiles) {

    public PdsupConfig {
        services = Copies.orderedMap(services);
        sourceFiles = Copies.list(sourceFiles);
    }
}
