package org.pdsup.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code health { }} of a service (or of {@code pdsupd.service-defaults}): every key, then what the mode
 * needs (a command, an address or a URL). The keys a mode does not use keep their values and are ignored.
 */
final class HealthReader {
    private HealthReader() {}

    /** The block, or null when it has errors (all recorded). */
    static Health read(Scope s) {
        if (s.requiredObject("health") == null) return null;
        HealthMode mode = s.enumValue("health.mode", HealthMode.class, HealthMode.NONE);
        List<String> command = s.stringList("health.command");
        String address = s.nonEmptyString("health.address", true);
        boolean addressOk = address != null || isNull(s, "health.address");
        String urlText = s.nonEmptyString("health.url", true);
        boolean urlOk = urlText != null || isNull(s, "health.url");
        Duration interval = s.duration("health.interval", false);
        Duration timeout = s.duration("health.timeout", false);
        Integer failures = s.intValue("health.failures", 1, 1000);
        Duration startPeriod = s.duration("health.start-period", true);
        String expectBody = s.string("health.expect-body", true);
        boolean expectOk = expectBody != null || isNull(s, "health.expect-body");
        if (mode == null || command == null || !addressOk || !urlOk || interval == null || timeout == null
                || failures == null || startPeriod == null || !expectOk) {
            return null;
        }
        String host = null;
        int port = 0;
        URI url = null;
        boolean ok = true;
        if (address != null) {
            int colon = address.lastIndexOf(':');
            Integer p = colon < 0 ? null : parsePort(address.substring(colon + 1));
            host = colon < 0 ? null : address.substring(0, colon);
            if (host != null && host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            if (p == null || host == null || host.isEmpty()) {
                s.error("health.address", "\"" + address + "\" is not HOST:PORT (e.g. \"127.0.0.1:8080\" or"
                        + " \"[::1]:8080\", port 1 to 65535)");
                ok = false;
            } else {
                port = p;
            }
        }
        if (urlText != null) {
            url = parseUrl(s, urlText);
            ok &= url != null;
        }
        if (!ok) return null;
        return new Health(mode, command, host, port, url, interval, timeout, failures, startPeriod, expectBody);
    }

    /** The rules between the keys of a service's block (not of service-defaults); false after recording errors. */
    static boolean check(Scope s, Health h) {
        HealthMode mode = h.mode();
        List<String> command = h.command();
        boolean ok = true;
        switch (mode) {
            case NONE -> { }
            case EXEC -> {
                if (command.isEmpty()) {
                    s.conflict("health.command", "health.mode = exec needs health.command (e.g. command ="
                            + " [\"/usr/local/bin/check\", \"--quick\"])", "health.mode", "health");
                    ok = false;
                } else if (!Path.of(command.get(0)).isAbsolute()) {
                    s.error("health.command", "the program \"" + command.get(0) + "\" is not an absolute path");
                    ok = false;
                } else {
                    String why = FileChecks.notExecutableFile(Path.of(command.get(0)));
                    if (why != null) {
                        s.error("health.command", why);
                        ok = false;
                    }
                }
            }
            case TCP -> {
                if (h.host() == null) {
                    s.conflict("health.address", "health.mode = tcp needs health.address (e.g. address ="
                            + " \"127.0.0.1:8080\")", "health.mode", "health");
                    ok = false;
                }
            }
            case HTTP -> {
                if (h.url() == null) {
                    s.conflict("health.url", "health.mode = http needs health.url (e.g. url ="
                            + " \"http://127.0.0.1:8080/healthz\")", "health.mode", "health");
                    ok = false;
                }
            }
        }
        if (h.expectBody() != null && mode != HealthMode.HTTP) {
            s.conflict("health.expect-body", "health.expect-body is only used with health.mode = http (mode is "
                    + Scope.kebab(mode) + ")", "health.expect-body", "health.mode");
            ok = false;
        }
        return ok;
    }

    private static URI parseUrl(Scope s, String text) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            s.error("health.url", "\"" + text + "\" is not a URL: " + e.getReason());
            return null;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            s.error("health.url", "\"" + text + "\" must be an http:// or https:// URL with a host"
                    + " (e.g. \"http://127.0.0.1:8080/healthz\")");
            return null;
        }
        return u;
    }

    private static Integer parsePort(String text) {
        try {
            int p = Integer.parseInt(text);
            return p >= 1 && p <= 65535 ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isNull(Scope s, String key) {
        com.typesafe.config.ConfigValue v = s.value(key);
        return v == null || v.valueType() == com.typesafe.config.ConfigValueType.NULL;
    }
}
