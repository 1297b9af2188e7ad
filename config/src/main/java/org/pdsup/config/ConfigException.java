package org.pdsup.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used, with every error found (never just the first). */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) throw new IllegalArgumentException("a ConfigException needs at least one error");
        this.errors = List.copyOf(errors);
    }

    /** The errors in file order (main file, include files, other files), then by line. */
    public List<ConfigError> errors() {
        return errors;
    }
}
