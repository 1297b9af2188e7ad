package org.pdsup.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * {@code pdsupd.control}: the Unix socket ({@code mode} is the numeric file mode, e.g. {@code 0660};
 * {@code owner}/{@code group} null = leave as created), who may administer or read, and the bounds of the
 * control server ({@link ControlLimits}).
 */
public record ControlSettings(Path socket, int mode, String owner, String group,
                              Set<String> adminUsers, Set<String> adminGroups,
                              Set<String> readerUsers, Set<String> readerGroups,
                              int maxFrameBytes, int maxConnections, Duration idleTimeout, int streamBufferEvents,
                              ControlLimits limits) {

    public ControlSettings {
        adminUsers = Copies.orderedSet(adminUsers);
        adminGroups = Copies.orderedSet(adminGroups);
        readerUsers = Copies.orderedSet(readerUsers);
        readerGroups = Copies.orderedSet(readerGroups);
        java.util.Objects.requireNonNull(limits, "limits");
    }

    /** With the default {@link ControlLimits}. */
    public ControlSettings(Path socket, int mode, String owner, String group,
                           Set<String> adminUsers, Set<String> adminGroups,
                           Set<String> readerUsers, Set<String> readerGroups,
                           int maxFrameBytes, int maxConnections, Duration idleTimeout, int streamBufferEvents) {
        this(socket, mode, owner, group, adminUsers, adminGroups, readerUsers, readerGroups, maxFrameBytes,
                maxConnections, idleTimeout, streamBufferEvents, ControlLimits.DEFAULTS);
    }
}
