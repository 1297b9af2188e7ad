package org.pdsup.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code pdsupd { }}: where the daemon keeps state and logs, the control socket, metrics, output defaults,
 * the size of the event ring and how long a graceful shutdown may take. {@code includeDir} is absolute (resolved
 * against the main file's directory) or null.
 */
public record DaemonSettings(Path stateDir, Path logDir, Path includeDir, ControlSettings control,
                             MetricsSettings metrics, OutputConfig outputDefaults, int eventRingSize,
                             Duration shutdownTimeout) {}
