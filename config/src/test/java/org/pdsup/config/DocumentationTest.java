package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * Every key of reference.conf is documented in {@code docs/configuration.md} (a table row with its default) and in
 * {@code pdsupd.conf(5)} (an {@code .It Cm KEY} entry). {@code pdsupd.service-defaults.X} is documented as
 * {@code services.NAME.X}.
 */
class DocumentationTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path MARKDOWN = ROOT.resolve("docs/configuration.md");
    private static final Path MAN_PAGE = ROOT.resolve("packaging/src/man/pdsupd.conf.5");

    /** A documented key: its path as documented and its built-in default (null for "none"). */
    record Key(String path, ConfigValue defaultValue) {}

    static List<Key> referenceKeys() {
        List<Key> keys = new ArrayList<>();
        walk(ConfigLoader.reference().root(), List.of(), keys);
        keys.add(new Key("services.NAME.command", null));
        return keys;
    }

    private static void walk(ConfigObject obj, List<String> path, List<Key> out) {
        for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
            List<String> here = new ArrayList<>(path);
            here.add(e.getKey());
            ConfigValue v = e.getValue();
            if (v instanceof ConfigObject o && !o.isEmpty()) {
                walk(o, here, out);
            } else {
                out.add(new Key(documented(here), v));
            }
        }
    }

    private static String documented(List<String> path) {
        String p = ConfigUtil.joinPath(path);
        return p.startsWith("pdsupd.service-defaults.") ? "services.NAME." + p.substring(24) : p;
    }

    @Test
    void theWalkSeesEveryKindOfKey() {
        List<String> paths = referenceKeys().stream().map(Key::path).toList();
        assertThat(paths).contains("pdsupd.state-dir", "pdsupd.include-dir", "pdsupd.control.admins.users",
                "services.NAME.rlimits.nofile", "services.NAME.environment", "services.NAME.output",
                "services.NAME.command", "services", "vars");
        assertThat(paths).hasSize(97).doesNotHaveDuplicates();
    }

    @Test
    void everyKeyHasARowWithItsDefaultInConfigurationMd() throws Exception {
        List<String> lines = Files.readAllLines(MARKDOWN);
        List<String> problems = new ArrayList<>();
        for (Key k : referenceKeys()) {
            Optional<String> row = lines.stream().filter(l -> l.startsWith("| `" + k.path() + "` |")).findFirst();
            if (row.isEmpty()) {
                problems.add(k.path() + ": no table row starting with | `" + k.path() + "` |");
                continue;
            }
            for (String expected : defaultTexts(k)) {
                if (!showsDefault(row.get(), expected, k.defaultValue())) problems.add(k.path() + ": row does not show the default " + expected);
            }
        }
        assertThat(problems).as("docs/configuration.md").isEmpty();
    }

    @Test
    void everyKeyHasAnEntryInTheManPage() throws Exception {
        List<String> lines = Files.readAllLines(MAN_PAGE);
        List<String> missing = referenceKeys().stream().map(Key::path)
                .filter(p -> lines.stream().noneMatch(l -> l.equals(".It Cm " + p) || l.startsWith(".It Cm " + p + " ")))
                .collect(Collectors.toList());
        assertThat(missing).as("pdsupd.conf.5 .It Cm entries").isEmpty();
    }

    /** How a default shows in the table: `value` for scalars, each element for lists, "none" for null. */
    private static List<String> defaultTexts(Key k) {
        ConfigValue v = k.defaultValue();
        if (v == null || k.path().equals("pdsupd.state-dir")) return List.of();
        if (v.valueType() == ConfigValueType.NULL) return List.of("none");
        if (v.valueType() == ConfigValueType.OBJECT) return List.of("`{}`");
        if (v.valueType() == ConfigValueType.LIST) {
            ConfigList list = (ConfigList) v;
            if (list.isEmpty()) return List.of("`[]`");
            return list.stream().map(i -> String.valueOf(i.unwrapped())).toList();
        }
        return List.of("`" + v.unwrapped() + "`");
    }

    /** True when one `code` span of the row is the default (quotes around strings allowed, numbers compared as numbers). */
    private static boolean showsDefault(String row, String expected, ConfigValue v) {
        if (row.contains(expected)) return true;
        if (v == null || !expected.startsWith("`")) return false;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([^`]*)`").matcher(row);
        while (m.find()) {
            String token = m.group(1).replaceAll("^\"|\"$", "");
            if (token.equals(String.valueOf(v.unwrapped()))) return true;
            if (v.valueType() == ConfigValueType.NUMBER) {
                try {
                    if (Double.parseDouble(token) == ((Number) v.unwrapped()).doubleValue()) return true;
                } catch (NumberFormatException e) {
                    // not a number
                }
            }
        }
        return false;
    }
}
