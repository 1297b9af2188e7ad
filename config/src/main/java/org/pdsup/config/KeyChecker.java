package org.pdsup.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

/**
 * Finds keys that pdsupd does not know, with a "did you mean" suggestion. The schema is {@code reference.conf}
 * itself (keys whose default is null are still keys). A service block is checked against
 * {@code pdsupd.service-defaults} plus {@code command}; its {@code output} against {@code pdsupd.output}. The
 * contents of {@code environment} and {@code vars} are free-form.
 */
final class KeyChecker {
    private static final Set<String> FREE_FORM = Set.of("environment", "vars");

    private final ConfigObject reference;
    private final ConfigObject serviceSchema;
    private final ConfigObject defaultsSchema;
    private final Problems problems;

    /** @param reference the root of reference.conf */
    KeyChecker(ConfigObject reference, Problems problems) {
        this.reference = reference;
        this.problems = problems;
        ConfigObject pdsupd = (ConfigObject) reference.get("pdsupd");
        ConfigValue output = pdsupd.get("output");
        this.defaultsSchema = ((ConfigObject) pdsupd.get("service-defaults")).withValue("output", output);
        this.serviceSchema = defaultsSchema.withValue(ServiceReader.COMMAND, ConfigValueFactory.fromIterable(List.of()));
    }

    /** The keys a service block may contain. */
    Set<String> serviceKeys() {
        return serviceSchema.keySet();
    }

    void check(ConfigObject root) {
        compare(root, reference, List.of());
    }

    private void compare(ConfigObject user, ConfigObject schema, List<String> path) {
        // Sorted keySet() and get(), not entrySet(): Typesafe's entrySet() builds a HashSet of entries, hashing
        // every value, and an object's hash walks its whole subtree (10,000 services hashed at each load). Sorted,
        // so that errors on one line come in the same order every time.
        List<String> keys = new ArrayList<>(user.keySet());
        keys.sort(null);
        for (String key : keys) {
            ConfigValue value = user.get(key);
            List<String> here = append(path, key);
            if (path.size() == 1 && path.get(0).equals("services")) {
                if (value.valueType() == ConfigValueType.OBJECT) compare((ConfigObject) value, serviceSchema, here);
                continue;
            }
            ConfigValue known = schema.get(key);
            if (known == null) {
                if (SourceNames.isUser(value.origin())) {
                    problems.add(value.origin(), ConfigUtil.joinPath(here),
                            "unknown key" + EditDistance.hint(key, schema.keySet()));
                }
                continue;
            }
            if (FREE_FORM.contains(key) || value.valueType() != ConfigValueType.OBJECT) continue;
            ConfigValue subSchema = here.equals(List.of("pdsupd", "service-defaults")) ? defaultsSchema : known;
            if (here.equals(List.of("services"))) {
                compare((ConfigObject) value, reference, here);
            } else if (subSchema.valueType() == ConfigValueType.OBJECT) {
                compare((ConfigObject) value, (ConfigObject) subSchema, here);
            }
        }
    }

    private static List<String> append(List<String> path, String key) {
        List<String> l = new ArrayList<>(path);
        l.add(key);
        return l;
    }
}
