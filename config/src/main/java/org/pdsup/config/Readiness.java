package org.pdsup.config;

import java.time.Duration;

/**
 * {@code services.NAME.ready}. Every field carries its effective value whatever the mode; {@code port} is 0
 * when none is configured (only {@link ReadyMode#TCP} needs one).
 */
public record Readiness(ReadyMode mode, Duration delay, int fd, String host, int port, Duration timeout) {}
