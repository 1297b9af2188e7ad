package org.pdsup.daemon.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pdsup.config.ConfigLoader;
import org.pdsup.config.OutputConfig;
import org.pdsup.config.OutputTarget;
import org.pdsup.config.ServiceConfig;
import org.pdsup.daemon.supervisor.ServiceDetails;
import org.pdsup.daemon.supervisor.SupervisorEvent;
import org.pdsup.protocol.Responses;
import org.pdsup.protocol.ServiceStatus;

/** The answer to {@code show}: one service in detail, in the wire form docs/protocol.md describes. */
final class ServiceView {
    /** How many of the service's last exits {@code show} lists (from the daemon's event ring). */
    static final int EXITS = 10;

    private ServiceView() {}

    static Map<String, Object> show(long id, ServiceStatus status, ServiceDetails d, List<SupervisorEvent> events) {
        ServiceConfig c = d.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", status.toJson());
        m.put("defined_at", c.origin() == null ? null : c.origin().toString());
        Map<String, Object> config = ConfigLoader.renderService(c, Map.of());
        // values may hold secrets, and readers may ask: names only (pdsupd --print-config shows them to root)
        config.put("environment", new ArrayList<Object>(c.environment().keySet()));
        m.put("config", config);
        m.put("origins", origins(config, c.origins(), "", new LinkedHashMap<>()));
        m.put("log", log(c.output(), d.logDir().resolve(c.name())));
        m.put("process", process(status, c, d));
        List<Object> exits = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0 && exits.size() < EXITS; i--) {
            SupervisorEvent e = events.get(i);
            if (e.exit() != null) exits.add(WireMapper.exit(e.exit()).toJson());
        }
        m.put("exits", exits);
        m.put("requires", new ArrayList<Object>(c.requires()));
        m.put("required_by", new ArrayList<Object>(d.requiredBy()));
        return Responses.ok(id, m);
    }

    /**
     * Where each value of {@code config} was written, by its dotted key as pdctl show prints it (nested objects
     * flattened, {@code stop.timeout}): {@code "web.conf:4"}, {@code "service-defaults at pdsupd.conf:12"},
     * {@code "default"}.
     */
    private static Map<String, Object> origins(Map<?, ?> config, org.pdsup.config.ValueOrigins origins,
                                               String prefix, Map<String, Object> into) {
        for (Map.Entry<?, ?> e : config.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> sub && !sub.isEmpty()) origins(sub, origins, key + ".", into);
            else into.put(key, origins.describe(key));
        }
        return into;
    }

    private static Map<String, Object> log(OutputConfig o, java.nio.file.Path dir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stdout", where(o.stdout(), o.combine() ? dir.resolve("output.log") : dir.resolve("stdout.log")));
        m.put("stderr", where(o.stderr(), o.combine() ? dir.resolve("output.log") : dir.resolve("stderr.log")));
        return m;
    }

    private static String where(OutputTarget t, java.nio.file.Path file) {
        return switch (t) {
            case FILE -> file.toString();
            case SYSLOG -> "syslog";
            case INHERIT -> "pdsupd's own output";
            case NULL -> "discarded";
        };
    }

    private static Map<String, Object> process(ServiceStatus s, ServiceConfig c, ServiceDetails d) {
        if (s.pid() <= 0) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", s.pid());
        // setsid makes the service its own process group's leader; otherwise it stays in pdsupd's group
        m.put("pgid", c.credentials().setsid() ? (Object) s.pid() : null);
        m.put("started_at", s.startedAt());
        m.put("uptime_seconds", s.uptimeSeconds());
        m.put("descriptor", d.descriptor() >= 0 ? (Object) (long) d.descriptor() : null);
        m.put("persistent", d.persistent());
        return m;
    }
}
