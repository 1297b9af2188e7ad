package org.pdsup.daemon.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import org.pdsup.config.ControlLimits;
import org.pdsup.config.ControlSettings;
import org.pdsup.protocol.Protocol;

/**
 * What the control server needs from {@code pdsupd.control}: the same fields as the configuration's
 * {@link ControlSettings} ({@link #from}), kept separate so the server's tests need no configuration.
 *
 * @param socket             path of the Unix socket
 * @param mode               file mode of the socket, e.g. {@code 0660}
 * @param owner              user to own the socket, or null to leave it as created
 * @param group              group of the socket, or null to leave it as created
 * @param adminUsers         users allowed every op (root and the daemon's own user always are)
 * @param adminGroups        members of these groups are admins
 * @param readerUsers        users allowed the read-only ops
 * @param readerGroups       members of these groups are readers
 * @param maxFrameBytes      longest request line, newline excluded
 * @param maxConnections     connections served at once; more get {@code too_many_connections}
 * @param idleTimeout        a connection with no request in flight and no stream that sends nothing this long
 *                           is closed; zero disables
 * @param streamBufferEvents frames queued per stream for a slow reader before it loses some
 * @param limits             slots for admins, connections per user, frame deadline, byte budgets
 */
public record ControlServerSettings(Path socket, int mode, String owner, String group,
                                    Set<String> adminUsers, Set<String> adminGroups,
                                    Set<String> readerUsers, Set<String> readerGroups,
                                    int maxFrameBytes, int maxConnections, Duration idleTimeout,
                                    int streamBufferEvents, ControlLimits limits) {

    public ControlServerSettings {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(limits, "limits");
        limits = fitting(limits, maxConnections);
        if ((mode & ~0777) != 0) throw new IllegalArgumentException("socket mode must be within 0777: " + Integer.toOctalString(mode));
        if (maxFrameBytes < 256) throw new IllegalArgumentException("maxFrameBytes must be at least 256: " + maxFrameBytes);
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        if (idleTimeout.isNegative()) throw new IllegalArgumentException("idleTimeout must not be negative");
        if (streamBufferEvents < 1) throw new IllegalArgumentException("streamBufferEvents must be positive");
        adminUsers = ordered(adminUsers);
        adminGroups = ordered(adminGroups);
        readerUsers = ordered(readerUsers);
        readerGroups = ordered(readerGroups);
    }

    /** With the default {@link ControlLimits}. */
    public ControlServerSettings(Path socket, int mode, String owner, String group,
                                 Set<String> adminUsers, Set<String> adminGroups,
                                 Set<String> readerUsers, Set<String> readerGroups,
                                 int maxFrameBytes, int maxConnections, Duration idleTimeout,
                                 int streamBufferEvents) {
        this(socket, mode, owner, group, adminUsers, adminGroups, readerUsers, readerGroups, maxFrameBytes,
                maxConnections, idleTimeout, streamBufferEvents, ControlLimits.DEFAULTS);
    }

    private static ControlLimits fitting(ControlLimits l, int maxConnections) {
        // at most half the slots are kept for admins (as the configuration reader does)
        int reserved = Math.min(l.adminReservedConnections(), maxConnections / 2);
        if (reserved == l.adminReservedConnections()) return l;
        return new ControlLimits(reserved, l.maxConnectionsPerUser(), l.frameTimeout(), l.connectionBufferBytes(),
                l.totalBufferBytes());
    }

    private static Set<String> ordered(Set<String> names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    /** The configuration's {@code pdsupd.control}, field for field. */
    public static ControlServerSettings from(ControlSettings c) {
        return new ControlServerSettings(c.socket(), c.mode(), c.owner(), c.group(), c.adminUsers(), c.adminGroups(),
                c.readerUsers(), c.readerGroups(), c.maxFrameBytes(), c.maxConnections(), c.idleTimeout(),
                c.streamBufferEvents(), c.limits());
    }

    /**
     * The configuration's defaults without its role lists: mode 0660, 64 KiB frames, 256 connections, 1 h idle
     * timeout, 1024 frames per stream.
     */
    public static ControlServerSettings defaults(Path socket) {
        return new ControlServerSettings(socket, 0660, null, null, Set.of(), Set.of(), Set.of(), Set.of(),
                Protocol.DEFAULT_MAX_REQUEST_BYTES, 256, Duration.ofHours(1), 1024);
    }

    public ControlServerSettings withRoles(Set<String> adminUsers, Set<String> adminGroups, Set<String> readerUsers,
                                           Set<String> readerGroups) {
        return new ControlServerSettings(socket, mode, owner, group, adminUsers, adminGroups, readerUsers,
                readerGroups, maxFrameBytes, maxConnections, idleTimeout, streamBufferEvents,
                limits);
    }

    public ControlServerSettings withSocketFile(int mode, String owner, String group) {
        return new ControlServerSettings(socket, mode, owner, group, adminUsers, adminGroups, readerUsers,
                readerGroups, maxFrameBytes, maxConnections, idleTimeout, streamBufferEvents,
                limits);
    }

    public ControlServerSettings withControlLimits(ControlLimits limits) {
        return new ControlServerSettings(socket, mode, owner, group, adminUsers, adminGroups, readerUsers,
                readerGroups, maxFrameBytes, maxConnections, idleTimeout, streamBufferEvents, limits);
    }

    public ControlServerSettings withLimits(int maxFrameBytes, int maxConnections, Duration idleTimeout,
                                            int streamBufferEvents) {
        return new ControlServerSettings(socket, mode, owner, group, adminUsers, adminGroups, readerUsers,
                readerGroups, maxFrameBytes, maxConnections, idleTimeout, streamBufferEvents,
                limits);
    }
}
