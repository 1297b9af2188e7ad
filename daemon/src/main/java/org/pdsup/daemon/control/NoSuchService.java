package org.pdsup.daemon.control;

import java.util.Collection;
import java.util.Iterator;

import org.pdsup.protocol.ErrorCode;

/** The one {@code no_such_service} answer: what was asked for, and some of the names that are configured. */
final class NoSuchService {
    private static final int SHOWN = 10;

    private NoSuchService() {}

    /** No service has this exact name. */
    static ControlException named(String name, Collection<String> known) {
        return new ControlException(ErrorCode.NO_SUCH_SERVICE.wire(),
                "no service named '" + name + "' (known: " + sample(known) + ")");
    }

    /** A name or glob that matches no service. */
    static ControlException matching(String pattern, Collection<String> known) {
        boolean glob = pattern.contains("*") || pattern.contains("?");
        if (!glob) return named(pattern, known);
        return new ControlException(ErrorCode.NO_SUCH_SERVICE.wire(),
                "no service matches '" + pattern + "' (known: " + sample(known) + ")");
    }

    private static String sample(Collection<String> names) {
        if (names.isEmpty()) return "none";
        StringBuilder sb = new StringBuilder();
        Iterator<String> it = names.iterator();
        for (int i = 0; i < SHOWN && it.hasNext(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(it.next());
        }
        if (names.size() > SHOWN) sb.append(", … ").append(names.size() - SHOWN).append(" more");
        return sb.toString();
    }
}
