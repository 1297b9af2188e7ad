package org.pdsup.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The whole validated configuration: daemon settings, the services in file order (main file first, then the
 * include-dir files in sorted order, each in the order written) and the files it was read from.
 * {@code serviceDefaults} is {@code pdsupd.service-defaults} flattened, each key (such as {@code backoff.initial})
 * to its value as written: what a reload compares to name the defaults that changed ({@link DaemonBlockDiff});
 * the services already carry the defaults merged in.
 */
public record PdsupConfig(DaemonSettings daemon, Map<String, ServiceConfig> services, List<Path> sourceFiles,
                          Map<String, String> serviceDefaults) {

    public PdsupConfig {
        services = Copies.orderedMap(services);
        sourceFiles = Copies.list(sourceFiles);
        serviceDefaults = Copies.orderedMap(serviceDefaults);
    }

    /** Without the flattened service defaults (nothing to compare them with). */
    public PdsupConfig(DaemonSettings daemon, Map<String, ServiceConfig> services, List<Path> sourceFiles) {
        this(daemon, services, sourceFiles, Map.of());
    }
}
