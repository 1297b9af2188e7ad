package org.pdsup.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code services.NAME.health}: the liveness check of a running service. Every field carries its effective value
 * whatever the mode; {@code command} is empty, {@code host} and {@code url} null and {@code port} 0 where the mode
 * does not use them. {@code expectBody} is null when the body is not checked.
 *
 * @param failures    consecutive failed checks after which the service is restarted
 * @param startPeriod after the service becomes running, failures in this period are not counted
 */
public record Health(HealthMode mode, List<String> command, String host, int port, URI url, Duration interval,
                     Duration timeout, int failures, Duration startPeriod, String expectBody) {

    /** No liveness check: the built-in default. */
    public static final Health NONE = new Health(HealthMode.NONE, List.of(), null, 0, null, Duration.ofSeconds(10),
            Duration.ofSeconds(5), 3, Duration.ZERO, null);

    public Health {
        command = Copies.list(command);
    }

    /** True when a check is configured. */
    public boolean enabled() {
        return mode != HealthMode.NONE;
    }

    /** What is checked, for messages: the command, {@code host:port} or the URL. */
    public String target() {
        return switch (mode) {
            case NONE -> "nothing";
            case EXEC -> String.join(" ", command);
            case TCP -> (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
            case HTTP -> url.toString();
        };
    }
}
