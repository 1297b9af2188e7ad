package org.pdsup.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code services.NAME.ready}. Every field carries its effective value whatever the mode; {@code port} is 0
 * when none is configured (only {@link ReadyMode#TCP} needs one); {@code command} is empty when none is
 * configured (only {@link ReadyMode#EXEC} needs one).
 */
public record Readiness(ReadyMode mode, Duration delay, int fd, String host, int port, Duration timeout,
                        List<String> command) {

    public Readiness {
        command = Copies.list(command == null ? List.of() : command);
    }

    /** Without a readiness command. */
    public Readiness(ReadyMode mode, Duration delay, int fd, String host, int port, Duration timeout) {
        this(mode, delay, fd, host, port, timeout, List.of());
    }
}
