package org.pdsup.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.typesafe.config.ConfigOrigin;

/** Collects every error of one load; identical errors (a default's error seen from each service) count once. */
final class Problems {
    private final SourceNames names;
    private final Set<ConfigError> errors = new LinkedHashSet<>();

    Problems(SourceNames names) {
        this.names = names;
    }

    SourceNames names() {
        return names;
    }

    void add(ConfigOrigin origin, String path, String message) {
        add(names.display(origin), origin == null ? -1 : origin.lineNumber(), path, message);
    }

    void add(String file, int line, String path, String message) {
        errors.add(new ConfigError(file, line, path, message));
    }

    /** A Typesafe parse or resolve error: keep its file and line, drop the origin it repeats in its message. */
    void add(com.typesafe.config.ConfigException e) {
        ConfigOrigin origin = e.origin();
        String message = e.getMessage();
        if (origin != null && message.startsWith(origin.description() + ": ")) {
            message = message.substring(origin.description().length() + 2);
        }
        if (origin == null) {
            add("(unknown)", -1, "", message);
        } else {
            add(origin, "", message);
        }
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** The errors sorted by file rank, then line (stable: same place keeps discovery order). */
    List<ConfigError> sorted() {
        List<ConfigError> list = new ArrayList<>(errors);
        list.sort(Comparator.comparingInt((ConfigError e) -> names.rank(e.file())).thenComparingInt(ConfigError::line));
        return list;
    }

    void throwIfAny() throws ConfigException {
        if (!errors.isEmpty()) throw new ConfigException(sorted());
    }
}
