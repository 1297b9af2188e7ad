package org.pdsup.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The hostile-client bounds of {@code pdsupd.control} (docs/reliability.md): connection slots kept for admins,
 * connections per user, how long a frame may take to arrive, and the bytes held for slow readers per
 * connection and across all connections.
 *
 * @param adminReservedConnections of {@code max-connections}, slots only admins may take
 * @param maxConnectionsPerUser    connections one non-admin user may hold at once
 * @param frameTimeout             a request line must be complete this long after its first byte (or after the
 *                                 connection opened, for the first one)
 * @param connectionBufferBytes    bytes held for one connection (queued stream frames and unsent responses)
 * @param totalBufferBytes         the same across all connections
 */
public record ControlLimits(int adminReservedConnections, int maxConnectionsPerUser, Duration frameTimeout,
                            long connectionBufferBytes, long totalBufferBytes) {

    /** The defaults of reference.conf. */
    public static final ControlLimits DEFAULTS = new ControlLimits(16, 32, Duration.ofSeconds(10), 2L << 20, 32L << 20);

    public ControlLimits {
        Objects.requireNonNull(frameTimeout, "frameTimeout");
        if (adminReservedConnections < 0) throw new IllegalArgumentException("adminReservedConnections must not be negative");
        if (maxConnectionsPerUser < 1) throw new IllegalArgumentException("maxConnectionsPerUser must be positive");
        if (frameTimeout.isNegative() || frameTimeout.isZero()) throw new IllegalArgumentException("frameTimeout must be positive");
        if (connectionBufferBytes < 64 * 1024) throw new IllegalArgumentException("connectionBufferBytes must be at least 64 KiB");
        if (totalBufferBytes < connectionBufferBytes) {
            throw new IllegalArgumentException("totalBufferBytes must be at least connectionBufferBytes");
        }
    }
}
