package org.pdsup.daemon.supervisor.probe;

import java.time.Duration;
import java.util.Locale;

/** Small helpers of the probes: timeouts as socket milliseconds and as text, exceptions as short reasons. */
final class Timeouts {
    private Timeouts() {}

    /** A socket timeout: at least 1 ms (0 would mean "forever"), at most Integer.MAX_VALUE. */
    static int millis(Duration d) {
        long ms = d.toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) return (ms / 1000) + "s";
        return ms < 1000 ? ms + "ms" : String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }

    /** "connection refused" for a ConnectException("Connection refused"), else the message or the type. */
    static String reason(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        int paren = m.indexOf(" (");
        if (paren > 0) m = m.substring(0, paren); // "Connection refused (Connection refused)" on some JDKs
        return m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
    }
}
