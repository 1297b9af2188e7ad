package org.pdsup.config;

import java.net.URL;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.typesafe.config.ConfigOrigin;

/**
 * How files are named in errors, and their order. The main file is shown by its name, files under its directory
 * relative to it ({@code services.d/web.conf}), other files by their absolute path. Errors sort by the rank of
 * their file: main file, include files, then other files in the order they were first met.
 */
final class SourceNames {
    private static final Pattern LINE_SUFFIX = Pattern.compile(": \\d+(-\\d+)?$");

    private final Path baseDir;
    private final Map<Path, String> aliases = new HashMap<>();
    private final Map<String, String> urlAliases = new HashMap<>();
    private final Map<String, Integer> ranks = new HashMap<>();
    /** display(Path) by origin file name: every value of every service asks (a path resolved each time). */
    private final Map<String, String> byFileName = new HashMap<>();

    /** @param baseDir the main file's directory, or null when the main file is not on disk */
    SourceNames(Path baseDir) {
        this.baseDir = baseDir == null ? null : baseDir.toAbsolutePath().normalize();
    }

    /** Registers a file read as configuration; its rank is the number of files registered before it. */
    String register(Path file) {
        String name = display(file);
        ranks.putIfAbsent(name, ranks.size());
        return name;
    }

    /** Registers a classpath resource under a display name (the bundled example). */
    void registerResource(URL url, String displayName) {
        urlAliases.put(url.toExternalForm(), displayName);
        byFileName.clear(); // an alias changes what a file is called
        if ("file".equals(url.getProtocol())) {
            aliases.put(Path.of(url.getPath()).toAbsolutePath().normalize(), displayName);
        }
        ranks.putIfAbsent(displayName, ranks.size());
    }

    String display(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String alias = aliases.get(abs);
        if (alias != null) return alias;
        if (baseDir != null && abs.startsWith(baseDir) && !abs.equals(baseDir)) {
            return baseDir.relativize(abs).toString();
        }
        return abs.toString();
    }

    String display(ConfigOrigin origin) {
        if (origin == null) return "(unknown)";
        if (origin.filename() != null) return byFileName.computeIfAbsent(origin.filename(), f -> display(Path.of(f)));
        if (origin.url() != null) return urlAliases.getOrDefault(origin.url().toExternalForm(),
                origin.url().toExternalForm());
        if (origin.resource() != null) return origin.resource();
        return LINE_SUFFIX.matcher(origin.description()).replaceFirst("");
    }

    int rank(String displayName) {
        return ranks.getOrDefault(displayName, Integer.MAX_VALUE);
    }

    /** True for values written by the operator (files and the example), false for built-in defaults. */
    static boolean isUser(ConfigOrigin origin) {
        return origin != null && origin.resource() == null && (origin.filename() != null || origin.url() != null);
    }
}
