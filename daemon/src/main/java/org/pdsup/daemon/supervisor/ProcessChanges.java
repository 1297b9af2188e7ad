package org.pdsup.daemon.supervisor;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.pdsup.config.Credentials;
import org.pdsup.config.OutputConfig;
import org.pdsup.config.ProcessDefinition;
import org.pdsup.config.ServiceConfig;

/**
 * The configuration keys whose change makes a reload restart a service ({@link ServiceConfig#processDefinition()}),
 * named as the configuration file names them: "command", "user", "output.max-size". A restart's reason lists them
 * ("configuration changed: command, user").
 */
final class ProcessChanges {
    private ProcessChanges() {}

    /** Component names that are not the key's name in kebab case. */
    private static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("uid", "user"), Map.entry("gid", "group"), Map.entry("groupIds", "groups"),
            Map.entry("readyFd", "ready.fd"), Map.entry("maxSizeBytes", "max-size"),
            Map.entry("maxLineBytes", "max-line"), Map.entry("bufferBytes", "buffer"));

    /** The changed keys, in the order of the process definition, each once; empty when none changed. */
    static List<String> between(ServiceConfig before, ServiceConfig after) {
        Set<String> out = new LinkedHashSet<>();
        compare(before.processDefinition(), after.processDefinition(), "", out);
        return new ArrayList<>(out);
    }

    private static void compare(Record a, Record b, String prefix, Set<String> out) {
        for (RecordComponent c : a.getClass().getRecordComponents()) {
            Object x = value(c, a);
            Object y = value(c, b);
            if (Objects.equals(x, y)) continue;
            if (x instanceof Credentials cx && y instanceof Credentials cy) {
                compare(cx, cy, "", out); // user, group, umask ... are keys of the service itself
            } else if (x instanceof OutputConfig ox && y instanceof OutputConfig oy) {
                compare(ox, oy, "output.", out);
            } else {
                out.add(prefix + key(c.getName()));
            }
        }
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }

    private static String key(String component) {
        String k = KEYS.get(component);
        if (k != null) return k;
        StringBuilder b = new StringBuilder();
        for (char ch : component.toCharArray()) {
            if (Character.isUpperCase(ch)) b.append('-').append(Character.toLowerCase(ch));
            else b.append(ch);
        }
        return b.toString();
    }
}
