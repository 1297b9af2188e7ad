package org.pdsup.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;

/**
 * The effective configuration as HOCON text, for {@code pdsupd --print-config}: every key with its effective
 * value, each service fully merged with its defaults (so {@code service-defaults} is not repeated) and the
 * services of the include directory in place (so {@code include-dir} is left out). Loading the text again gives
 * the same model. A service's environment is shown as the difference from the supervisor's own
 * environment ({@code NAME = null} for a variable the service does not get), or whole with
 * {@code clear-environment = true}.
 */
final class ConfigRenderer {
    private ConfigRenderer() {}

    static final ConfigRenderOptions OPTIONS = ConfigRenderOptions.concise().setJson(false).setFormatted(true)
            .setComments(false).setOriginComments(false);

    static String render(Config config) {
        return config.root().render(OPTIONS);
    }

    static String render(PdsupConfig config, Map<String, String> supervisorEnvironment) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("pdsupd", daemon(config.daemon()));
        Map<String, Object> services = new LinkedHashMap<>();
        config.services().forEach((name, s) -> services.put(name, service(s, supervisorEnvironment)));
        root.put("services", services);
        return render(ConfigValueFactory.fromMap(root).toConfig());
    }

    private static Map<String, Object> daemon(DaemonSettings d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state-dir", d.stateDir().toString());
        m.put("log-dir", d.logDir().toString());
        m.put("event-ring", d.eventRingSize());
        m.put("shutdown-timeout", Sizes.format(d.shutdownTimeout()));
        ControlSettings c = d.control();
        Map<String, Object> control = new LinkedHashMap<>();
        control.put("socket", c.socket().toString());
        control.put("mode", octal(c.mode(), 4));
        control.put("owner", c.owner());
        control.put("group", c.group());
        control.put("admins", Map.of("users", list(c.adminUsers()), "groups", list(c.adminGroups())));
        control.put("readers", Map.of("users", list(c.readerUsers()), "groups", list(c.readerGroups())));
        control.put("max-frame-size", Sizes.format(c.maxFrameBytes()));
        control.put("max-connections", c.maxConnections());
        control.put("idle-timeout", Sizes.format(c.idleTimeout()));
        control.put("stream-buffer", c.streamBufferEvents());
        m.put("control", control);
        MetricsSettings metrics = d.metrics();
        String host = metrics.host().contains(":") ? "[" + metrics.host() + "]" : metrics.host();
        m.put("metrics", Map.of("enabled", metrics.enabled(), "listen", host + ":" + metrics.port()));
        m.put("output", output(d.outputDefaults()));
        return m;
    }

    static Map<String, Object> service(ServiceConfig s, Map<String, String> supervisorEnvironment) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", s.command());
        m.put("directory", s.directory() == null ? null : s.directory().toString());
        m.put("environment", environment(s, supervisorEnvironment));
        m.put("environment-file", s.environmentFile() == null ? null : s.environmentFile().toString());
        m.put("clear-environment", s.clearEnvironment());
        m.put("type", Scope.kebab(s.type()));
        m.put("pidfile", s.pidfile() == null ? null : s.pidfile().toString());
        m.put("restart", Scope.kebab(s.restart()));
        m.put("success-exit-codes", new ArrayList<>(s.successExitCodes()));
        Backoff b = s.backoff();
        Map<String, Object> backoff = new LinkedHashMap<>();
        backoff.put("initial", Sizes.format(b.initial()));
        backoff.put("max", Sizes.format(b.max()));
        backoff.put("multiplier", b.multiplier());
        backoff.put("jitter", b.jitter());
        backoff.put("reset-after", Sizes.format(b.resetAfter()));
        m.put("backoff", backoff);
        Map<String, Object> startLimit = new LinkedHashMap<>();
        startLimit.put("burst", s.startLimit().burst());
        startLimit.put("interval", Sizes.format(s.startLimit().interval()));
        startLimit.put("cool-down", s.startLimit().coolDown() == null ? null : Sizes.format(s.startLimit().coolDown()));
        m.put("start-limit", startLimit);
        m.put("stop", Map.of("signal", s.stop().signal().name(), "timeout", Sizes.format(s.stop().timeout()),
                "mode", Scope.kebab(s.stop().mode())));
        m.put("reload-signal", s.reloadSignal().name());
        Readiness r = s.ready();
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("mode", Scope.kebab(r.mode()));
        ready.put("delay", Sizes.format(r.delay()));
        ready.put("fd", r.fd());
        ready.put("host", r.host());
        ready.put("port", r.port() == 0 ? null : r.port());
        ready.put("timeout", Sizes.format(r.timeout()));
        ready.put("command", r.command());
        m.put("ready", ready);
        m.put("health", health(s.health()));
        m.put("requires", s.requires());
        m.put("after", s.after());
        m.put("autostart", s.autostart());
        m.put("persist", s.persist());
        Credentials c = s.credentials();
        m.put("user", c.user() != null ? c.user() : c.uid() == null ? null : String.valueOf(c.uid()));
        m.put("group", c.group() != null ? c.group() : c.gid() == null ? null : String.valueOf(c.gid()));
        m.put("groups", c.groupIds() == null ? null : c.groupIds().stream().map(String::valueOf).toList());
        m.put("umask", c.umask() == null ? null : octal(c.umask(), 3));
        m.put("nice", c.nice());
        Map<String, Object> rlimits = new LinkedHashMap<>();
        c.rlimits().forEach((k, v) -> rlimits.put(k, v == Long.MAX_VALUE ? "infinity" : v));
        m.put("rlimits", rlimits);
        m.put("setsid", c.setsid());
        m.put("inherit-fds", s.inheritFds());
        m.put("sockets", s.sockets().stream().map(ConfigRenderer::socket).toList());
        m.put("output", output(s.output()));
        return m;
    }

    private static Map<String, Object> socket(ListenSocket sock) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("listen", sock.listen());
        m.put("name", sock.name());
        if (sock.isUnix()) {
            m.put("mode", octal(sock.mode(), 4));
            if (sock.uid() != null) m.put("owner", String.valueOf(sock.uid()));
            if (sock.gid() != null) m.put("group", String.valueOf(sock.gid()));
        }
        m.put("backlog", sock.backlog());
        return m;
    }

    private static Map<String, Object> environment(ServiceConfig s, Map<String, String> base) {
        Map<String, Object> env = new LinkedHashMap<>();
        if (s.clearEnvironment()) {
            env.putAll(s.environment());
            return env;
        }
        s.environment().forEach((k, v) -> {
            if (!v.equals(base.get(k))) env.put(k, v);
        });
        for (String k : base.keySet()) {
            if (!s.environment().containsKey(k)) env.put(k, null);
        }
        return env;
    }

    private static Map<String, Object> output(OutputConfig o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stdout", Scope.kebab(o.stdout()));
        m.put("stderr", Scope.kebab(o.stderr()));
        m.put("combine", o.combine());
        m.put("max-size", Sizes.format(o.maxSizeBytes()));
        m.put("keep", o.keep());
        m.put("timestamps", o.timestamps());
        m.put("syslog-facility", o.syslogFacility());
        m.put("max-line", Sizes.format(o.maxLineBytes()));
        m.put("buffer", Sizes.format(o.bufferBytes()));
        m.put("overflow", Scope.kebab(o.overflow()));
        m.put("max-stall", Sizes.format(o.maxStall()));
        return m;
    }

    private static List<String> list(Set<String> set) {
        return new ArrayList<>(set);
    }

    private static String octal(int mode, int digits) {
        String s = Integer.toOctalString(mode);
        while (s.length() < digits) s = "0" + s;
        return s;
    }

    private static Map<String, Object> health(Health h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", Scope.kebab(h.mode()));
        m.put("command", h.command());
        m.put("address", h.host() == null ? null : (h.host().indexOf(':') >= 0 ? "[" + h.host() + "]" : h.host())
                + ":" + h.port());
        m.put("url", h.url() == null ? null : h.url().toString());
        m.put("interval", Sizes.format(h.interval()));
        m.put("timeout", Sizes.format(h.timeout()));
        m.put("failures", h.failures());
        m.put("start-period", Sizes.format(h.startPeriod()));
        m.put("expect-body", h.expectBody());
        return m;
    }
}
