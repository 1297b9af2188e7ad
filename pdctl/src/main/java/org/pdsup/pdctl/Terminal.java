package org.pdsup.pdctl;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/** Whether output goes to a person: colour only then, and only without NO_COLOR (https://no-color.org). */
final class Terminal {
    private Terminal() {}

    /** Colour unless NO_COLOR is set or TERM is dumb (whether the output is a terminal aside). */
    static boolean colourAllowed(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) return false;
        return !"dumb".equals(env.get("TERM"));
    }

    /**
     * Up to JDK 21 {@code System.console()} is null unless stdin and stdout are a terminal; from JDK 22 it is
     * always there and {@code Console.isTerminal()} tells (looked up reflectively: we compile for 17).
     */
    static boolean isTerminal() {
        Console c = System.console();
        if (c == null) return false;
        try {
            Method m = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(m.invoke(c));
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
