package org.pdsup.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses an environment file: {@code KEY=VALUE} lines, optionally prefixed by {@code export }; blank lines and
 * lines starting with {@code #} are skipped; a value wholly enclosed in matching single or double quotes loses
 * them (there are no escapes and no substitutions). Errors name the file and the line.
 */
final class EnvironmentFile {
    private EnvironmentFile() {}

    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The variables of {@code file}, or null after recording why it could not be read. */
    static Map<String, String> parse(Path file, Problems problems) {
        String display = problems.names().register(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            problems.add(display, -1, "", "not valid UTF-8 text");
            return null;
        } catch (IOException e) {
            return null; // the caller checked readability and reports it where the file is named
        }
        Map<String, String> vars = new LinkedHashMap<>();
        boolean ok = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring("export ".length()).stripLeading();
            int eq = line.indexOf('=');
            if (eq < 0) {
                problems.add(display, i + 1, "", "expected KEY=VALUE, got \"" + line + "\"");
                ok = false;
                continue;
            }
            String name = line.substring(0, eq).strip();
            if (!NAME.matcher(name).matches()) {
                problems.add(display, i + 1, "", "invalid variable name \"" + name
                        + "\" (letters, digits and _, not starting with a digit)");
                ok = false;
                continue;
            }
            vars.put(name, unquote(line.substring(eq + 1).strip()));
        }
        return ok ? vars : null;
    }

    private static String unquote(String v) {
        if (v.length() >= 2) {
            char first = v.charAt(0);
            if ((first == '"' || first == '\'') && v.charAt(v.length() - 1) == first) {
                return v.substring(1, v.length() - 1);
            }
        }
        return v;
    }
}
