package org.pdsup.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;

/**
 * What a reload changes in the {@code pdsupd { }} block: every key whose effective value differs between two
 * configurations, named as in pdsupd.conf ({@code pdsupd.control.admins.users}, {@code pdsupd.metrics.listen},
 * {@code pdsupd.service-defaults.backoff.initial}), and which of them cannot change while pdsupd runs.
 */
public final class DaemonBlockDiff {
    /** The keys a running pdsupd cannot take, and why (said in the refusal). */
    public static final Map<String, String> RESTART_ONLY = Map.of(
            "pdsupd.state-dir", "the session and persistent-service records are kept there, and read at start",
            "pdsupd.log-dir", "every service's log files are open there",
            "pdsupd.control.socket", "the control socket is bound once, at start, where pdctl and the rc script"
                    + " find this pdsupd");

    private DaemonBlockDiff() {}

    /** The keys of {@code pdsupd { }} whose values differ, in reference.conf's order. */
    public static List<String> changedKeys(PdsupConfig before, PdsupConfig after) {
        Map<String, Object> a = keys(before);
        Map<String, Object> b = keys(after);
        Set<String> all = new LinkedHashSet<>(a.keySet());
        all.addAll(b.keySet());
        List<String> changed = new ArrayList<>();
        for (String k : all) {
            if (!Objects.equals(a.get(k), b.get(k))) changed.add(k);
        }
        return changed;
    }

    /**
     * One refusal per changed key that needs a restart: "pdsupd.state-dir changed (/a to /b): needs a restart
     * of pdsupd (why)". Empty when the reload can be applied live.
     */
    public static List<String> needingRestart(PdsupConfig before, PdsupConfig after) {
        Map<String, Object> a = keys(before);
        Map<String, Object> b = keys(after);
        List<String> out = new ArrayList<>();
        for (String k : changedKeys(before, after)) {
            String why = RESTART_ONLY.get(k);
            if (why != null) {
                out.add(k + " changed (" + a.get(k) + " to " + b.get(k) + "): needs a restart of pdsupd (" + why + ")");
            }
        }
        return out;
    }

    /** Every key of the block with its effective value; {@code service-defaults} as written. */
    static Map<String, Object> keys(PdsupConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        DaemonSettings d = c.daemon();
        m.put("pdsupd.state-dir", d.stateDir());
        m.put("pdsupd.log-dir", d.logDir());
        m.put("pdsupd.include-dir", d.includeDir());
        m.put("pdsupd.event-ring", d.eventRingSize());
        m.put("pdsupd.shutdown-timeout", d.shutdownTimeout());
        ControlSettings k = d.control();
        m.put("pdsupd.control.socket", k.socket());
        m.put("pdsupd.control.mode", "0" + Integer.toOctalString(k.mode()));
        m.put("pdsupd.control.owner", k.owner());
        m.put("pdsupd.control.group", k.group());
        m.put("pdsupd.control.admins.users", List.copyOf(k.adminUsers()));
        m.put("pdsupd.control.admins.groups", List.copyOf(k.adminGroups()));
        m.put("pdsupd.control.readers.users", List.copyOf(k.readerUsers()));
        m.put("pdsupd.control.readers.groups", List.copyOf(k.readerGroups()));
        m.put("pdsupd.control.max-frame-size", k.maxFrameBytes());
        m.put("pdsupd.control.max-connections", k.maxConnections());
        m.put("pdsupd.control.idle-timeout", k.idleTimeout());
        m.put("pdsupd.control.stream-buffer", k.streamBufferEvents());
        ControlLimits l = k.limits();
        m.put("pdsupd.control.admin-reserved-connections", l.adminReservedConnections());
        m.put("pdsupd.control.max-connections-per-user", l.maxConnectionsPerUser());
        m.put("pdsupd.control.frame-timeout", l.frameTimeout());
        m.put("pdsupd.control.connection-buffer", l.connectionBufferBytes());
        m.put("pdsupd.control.total-buffer", l.totalBufferBytes());
        m.put("pdsupd.metrics.enabled", d.metrics().enabled());
        m.put("pdsupd.metrics.listen", d.metrics().host() + ":" + d.metrics().port());
        OutputConfig o = d.outputDefaults();
        m.put("pdsupd.output.stdout", o.stdout());
        m.put("pdsupd.output.stderr", o.stderr());
        m.put("pdsupd.output.combine", o.combine());
        m.put("pdsupd.output.max-size", o.maxSizeBytes());
        m.put("pdsupd.output.keep", o.keep());
        m.put("pdsupd.output.timestamps", o.timestamps());
        m.put("pdsupd.output.syslog-facility", o.syslogFacility());
        m.put("pdsupd.output.max-line", o.maxLineBytes());
        m.put("pdsupd.output.buffer", o.bufferBytes());
        m.put("pdsupd.output.overflow", o.overflow());
        m.put("pdsupd.output.max-stall", o.maxStall());
        for (Map.Entry<String, String> e : c.serviceDefaults().entrySet()) {
            m.put("pdsupd.service-defaults." + e.getKey(), e.getValue());
        }
        return m;
    }

    /** {@code service-defaults} flattened: each leaf's path to its value rendered concisely, sorted by path. */
    static Map<String, String> flatten(ConfigObject defaults) {
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : defaults.toConfig().entrySet()) {
            sorted.put(e.getKey(), e.getValue().render(ConfigRenderOptions.concise()));
        }
        return new LinkedHashMap<>(sorted);
    }
}
