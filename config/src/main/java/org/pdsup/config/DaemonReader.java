package org.pdsup.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;

import org.pdsup.procdesc.Accounts;

/** Reads {@code pdsupd { }} (everything but {@code service-defaults}) into {@link DaemonSettings}. */
final class DaemonReader {
    /** sun_path holds 104 bytes on FreeBSD (108 on Linux), the terminating NUL included. */
    static final int MAX_SOCKET_PATH_BYTES = 103;

    private final Accounts accounts;

    DaemonReader(Accounts accounts) {
        this.accounts = accounts;
    }

    /**
     * @param includeDir the include directory already resolved by {@link ConfigSources}, or null
     * @return the settings, or null when something is wrong (recorded)
     */
    DaemonSettings read(Scope s, Scope output, Path includeDir) {
        Path stateDir = s.absolutePath("state-dir", false);
        Path logDir = s.absolutePath("log-dir", false);
        Integer ring = s.intValue("event-ring", 1, 10_000_000);
        Duration shutdown = s.duration("shutdown-timeout", false);
        ControlSettings control = s.requiredObject("control") == null ? null : control(s);
        MetricsSettings metrics = s.requiredObject("metrics") == null ? null : metrics(s);
        OutputConfig out = s.requiredObject("output") == null ? null : OutputReader.read(output);
        if (stateDir == null || logDir == null || ring == null || shutdown == null || control == null
                || metrics == null || out == null) {
            return null;
        }
        return new DaemonSettings(stateDir, logDir, includeDir, control, metrics, out, ring, shutdown);
    }

    private ControlSettings control(Scope s) {
        Path socket = s.absolutePath("control.socket", false);
        if (socket != null && socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            s.error("control.socket", "is " + socket.toString().getBytes(StandardCharsets.UTF_8).length
                    + " bytes long; a Unix socket path may have at most " + MAX_SOCKET_PATH_BYTES + " bytes");
            socket = null;
        }
        Integer mode = s.octal("control.mode", 0777, false, "0660");
        String owner = s.nonEmptyString("control.owner", true);
        boolean ownerOk = owner == null ? isNull(s, "control.owner") : knownUser(s, "control.owner", owner);
        String group = s.nonEmptyString("control.group", true);
        boolean groupOk = group == null ? isNull(s, "control.group") : knownGroup(s, "control.group", group);
        Set<String> adminUsers = names(s, "control.admins.users", true);
        Set<String> adminGroups = names(s, "control.admins.groups", false);
        Set<String> readerUsers = names(s, "control.readers.users", true);
        Set<String> readerGroups = names(s, "control.readers.groups", false);
        Long frame = s.bytes("control.max-frame-size", 1024, 16L << 20);
        Integer connections = s.intValue("control.max-connections", 1, 65_536);
        Duration idle = s.duration("control.idle-timeout", false);
        Integer stream = s.intValue("control.stream-buffer", 1, 1_000_000);
        ControlLimits limits = controlLimits(s, connections);
        if (limits == null || socket == null || mode == null || !ownerOk || !groupOk || adminUsers == null || adminGroups == null
                || readerUsers == null || readerGroups == null || frame == null || connections == null
                || idle == null || stream == null) {
            return null;
        }
        return new ControlSettings(socket, mode, owner, group, adminUsers, adminGroups, readerUsers, readerGroups,
                frame.intValue(), connections, idle, stream, limits);
    }

    private static ControlLimits controlLimits(Scope s, Integer maxConnections) {
        Integer reserved = s.intValue("control.admin-reserved-connections", 0, 65_535);
        Integer perUser = s.intValue("control.max-connections-per-user", 1, 65_536);
        Duration frameTimeout = s.duration("control.frame-timeout", false);
        Long connectionBuffer = s.bytes("control.connection-buffer", 64L << 10, 1L << 30);
        Long totalBuffer = s.bytes("control.total-buffer", 64L << 10, 16L << 30);
        if (reserved == null || perUser == null || frameTimeout == null || connectionBuffer == null
                || totalBuffer == null) {
            return null;
        }
        boolean ok = true;
        // at most half the slots are kept for admins, so a small max-connections still lets readers in
        if (maxConnections != null) reserved = Math.min(reserved, maxConnections / 2);
        if (totalBuffer < connectionBuffer) {
            s.error("control.total-buffer", "is " + totalBuffer + " bytes but must be at least control.connection-buffer ("
                    + connectionBuffer + " bytes)");
            ok = false;
        }
        return ok ? new ControlLimits(reserved, perUser, frameTimeout, connectionBuffer, totalBuffer) : null;
    }

    private static boolean isNull(Scope s, String key) {
        ConfigValue v = s.value(key);
        return v == null || v.valueType() == com.typesafe.config.ConfigValueType.NULL;
    }

    private boolean knownUser(Scope s, String key, String name) {
        if (name.matches("\\d{1,9}") || accounts.userByName(name).isPresent()) return true;
        s.error(key, "unknown user \"" + name + "\"");
        return false;
    }

    private boolean knownGroup(Scope s, String key, String name) {
        if (name.matches("\\d{1,9}") || accounts.groupByName(name).isPresent()) return true;
        s.error(key, "unknown group \"" + name + "\"");
        return false;
    }

    /**
     * A list of user or group names. Names the operator wrote must exist. The built-in defaults (root, wheel,
     * operator) need not, since not every system has every one of them: one that does not exist is left out,
     * as it would match nobody anyway.
     */
    private Set<String> names(Scope s, String key, boolean users) {
        List<String> names = s.stringList(key);
        if (names == null) return null;
        ConfigList items = (ConfigList) s.value(key);
        Set<String> out = new LinkedHashSet<>();
        boolean ok = true;
        for (int i = 0; i < names.size(); i++) {
            ConfigValue item = items.get(i);
            String name = names.get(i);
            boolean known = users ? accounts.userByName(name).isPresent() : accounts.groupByName(name).isPresent();
            if (known) {
                out.add(name);
            } else if (SourceNames.isUser(item.origin())) {
                s.problems().add(item.origin(), s.path(key) + "[" + i + "]",
                        "unknown " + (users ? "user" : "group") + " \"" + name + "\"");
                ok = false;
            }
        }
        return ok ? out : null;
    }

    private MetricsSettings metrics(Scope s) {
        Boolean enabled = s.bool("metrics.enabled");
        String listen = s.nonEmptyString("metrics.listen", false);
        String host = null;
        Integer port = null;
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            if (colon <= 0 || colon == listen.length() - 1) {
                s.error("metrics.listen", "expected HOST:PORT such as 127.0.0.1:9772 or [::1]:9772, got \""
                        + listen + "\"");
            } else {
                host = listen.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
                String p = listen.substring(colon + 1);
                int value = p.matches("\\d{1,5}") ? Integer.parseInt(p) : -1;
                if (value < 1 || value > 65535) {
                    s.error("metrics.listen", "port must be between 1 and 65535, got \"" + p + "\"");
                } else if (host.isEmpty() || (host.contains(":") && !listen.startsWith("["))) {
                    s.error("metrics.listen", "expected HOST:PORT (write an IPv6 address in brackets:"
                            + " [::1]:9772), got \"" + listen + "\"");
                } else {
                    port = value;
                }
            }
        }
        if (enabled == null || port == null) return null;
        return new MetricsSettings(enabled, host, port);
    }
}
