package org.pdsup.config;

import java.util.Map;

import com.typesafe.config.ConfigResolver;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

/**
 * Resolves {@code ${NAME}} and {@code ${?NAME}} that the configuration itself does not define from a given
 * environment (the supervisor's own by default; tests pass their own map instead of changing the process's).
 */
final class EnvironmentResolver implements ConfigResolver {
    private final Map<String, String> environment;
    private final ConfigResolver fallback;

    EnvironmentResolver(Map<String, String> environment) {
        this(environment, null);
    }

    private EnvironmentResolver(Map<String, String> environment, ConfigResolver fallback) {
        this.environment = Map.copyOf(environment);
        this.fallback = fallback;
    }

    @Override
    public ConfigValue lookup(String path) {
        String value = environment.get(path);
        if (value != null) return ConfigValueFactory.fromAnyRef(value, "environment variable " + path);
        return fallback == null ? null : fallback.lookup(path);
    }

    @Override
    public ConfigResolver withFallback(ConfigResolver other) {
        return other == null ? this : new EnvironmentResolver(environment,
                fallback == null ? other : fallback.withFallback(other));
    }
}
