package org.pdsup.config;

import java.io.IOException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * Reads the files of one configuration: the main file, then every {@code *.conf} of {@code pdsupd.include-dir}
 * in sorted order, merged so that a later file overrides an earlier one. A service may be defined in one file
 * only. Syntax errors of every file are collected before giving up.
 */
final class ConfigSources {
    private static final ConfigParseOptions PARSE =
            ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false);

    /** The operator's configuration, merged but not resolved, and where it came from. */
    record Read(Config merged, List<Path> files, Path includeDir, ConfigOrigin mainOrigin) {}

    private ConfigSources() {}

    /**
     * @param fallback the built-in layers (platform defaults over reference.conf), to resolve include-dir
     */
    static Read read(Path mainFile, Config fallback, ConfigResolveOptions resolve, Problems problems)
            throws ConfigException {
        Path main = mainFile.toAbsolutePath().normalize();
        String why = FileChecks.notReadableFile(main);
        if (why != null) {
            problems.add(main.toString(), -1, "", "cannot read the configuration file: " + why);
            problems.throwIfAny();
        }
        problems.names().register(main);
        Config mainConfig = parse(main, problems);
        problems.throwIfAny();

        List<Path> files = new ArrayList<>(List.of(main));
        List<Config> parsed = new ArrayList<>(List.of(mainConfig));
        Path includeDir = includeDir(mainConfig, main.getParent(), fallback, resolve, problems);
        if (includeDir != null) {
            for (Path f : confFiles(includeDir, mainConfig, problems)) {
                problems.names().register(f);
                Config c = parse(f, problems);
                if (c == null) continue;
                ConfigValue again = Scope.at(c.root(), "pdsupd.include-dir");
                if (again != null) {
                    problems.add(again.origin(), "pdsupd.include-dir",
                            "include-dir can only be set in the main configuration file");
                }
                files.add(f);
                parsed.add(c);
            }
        }
        checkDuplicateServices(parsed, problems);
        problems.throwIfAny();
        return new Read(mergeLaterOver(parsed, 0, parsed.size()), files, includeDir, mainConfig.root().origin());
    }

    /**
     * {@code parsed[from..to)} merged so that a later file overrides an earlier one: the same result as folding
     * {@code parsed[i].withFallback(merged)} from the first to the last (withFallback is associative), but
     * merged in halves. Folding copies the growing services object once per file, O(files x services):
     * 10,000 files of one service each took 80% of --check-config's time; halving copies each key once per
     * level, O(services x log files).
     */
    private static Config mergeLaterOver(List<Config> parsed, int from, int to) {
        if (to - from == 1) return parsed.get(from);
        int mid = (from + to) >>> 1;
        return mergeLaterOver(parsed, mid, to).withFallback(mergeLaterOver(parsed, from, mid));
    }

    /** The bundled example: one classpath resource, no include directory. */
    static Read readResource(URL url, String displayName, Problems problems) throws ConfigException {
        problems.names().registerResource(url, displayName);
        Config c;
        try {
            c = ConfigFactory.parseURL(url, PARSE);
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(e);
            throw new ConfigException(problems.sorted());
        }
        return new Read(c, List.of(), null, c.root().origin());
    }

    private static Config parse(Path file, Problems problems) {
        try {
            return ConfigFactory.parseFile(file.toFile(), PARSE);
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(e);
            return null;
        }
    }

    /** {@code pdsupd.include-dir} of the main file, made absolute, or null (none, or an error recorded). */
    private static Path includeDir(Config main, Path baseDir, Config fallback, ConfigResolveOptions resolve,
                                   Problems problems) {
        Config prelim;
        try {
            prelim = main.withFallback(fallback).resolve(resolve.setAllowUnresolved(true));
        } catch (com.typesafe.config.ConfigException e) {
            return null; // reported when the whole configuration is resolved
        }
        ConfigValue v = Scope.at(prelim.root(), "pdsupd.include-dir");
        if (v == null || v.valueType() == ConfigValueType.NULL) return null;
        if (v.valueType() != ConfigValueType.STRING) {
            problems.add(v.origin(), "pdsupd.include-dir", "expected a directory path, got " + Scope.describe(v));
            return null;
        }
        String text = (String) v.unwrapped();
        Path dir = baseDir.resolve(text).normalize();
        String why = FileChecks.notReadableDirectory(dir);
        if (why != null) {
            problems.add(v.origin(), "pdsupd.include-dir", "cannot read the include directory: " + why);
            return null;
        }
        return dir;
    }

    /** The {@code *.conf} files of the include directory (hidden files skipped), sorted by name. */
    private static List<Path> confFiles(Path dir, Config main, Problems problems) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.conf")) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)) out.add(p);
            }
        } catch (IOException e) {
            ConfigValue v = Scope.at(main.root(), "pdsupd.include-dir");
            problems.add(v == null ? main.root().origin() : v.origin(), "pdsupd.include-dir",
                    "cannot read the include directory " + dir + ": " + e.getMessage());
        }
        out.sort(null);
        return out;
    }

    /** A service defined in two files is an error at the second definition, naming the first. */
    private static void checkDuplicateServices(List<Config> parsed, Problems problems) {
        Map<String, ConfigOrigin> first = new HashMap<>();
        for (Config c : parsed) {
            if (c == null) continue;
            ConfigValue services = c.root().get("services");
            if (!(services instanceof ConfigObject obj)) continue;
            try {
                for (String name : obj.keySet()) { // not entrySet(): it hashes every service's whole subtree
                    ConfigOrigin here = obj.get(name).origin();
                    ConfigOrigin before = first.putIfAbsent(name, here);
                    if (before != null) {
                        problems.add(here, com.typesafe.config.ConfigUtil.joinPath("services", name),
                                "service \"" + name + "\" is already defined at "
                                        + problems.names().display(before) + ":" + before.lineNumber());
                    }
                }
            } catch (com.typesafe.config.ConfigException e) {
                // a services block built by substitution: its keys are known only after resolving
            }
        }
    }
}
