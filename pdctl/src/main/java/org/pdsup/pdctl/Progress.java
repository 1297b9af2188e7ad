package org.pdsup.pdctl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pdsup.protocol.EventInfo;

/**
 * What a long operation shows on a terminal while it runs: one line per state change of the services it
 * concerns, with the time since the command began ("+10.0s web: stopping: did not stop within 10s: SIGKILL"),
 * and below them one updating line naming the services still on their way ("waiting for web (stopping)"),
 * rewritten in place ({@code \r} and erase-line) after each change and erased at the end. Only on a terminal
 * and without {@code --json}: the callers check.
 */
final class Progress {
    private static final String ERASE_LINE = "\r\u001b[K";

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    /** Services whose last change left them on their way (starting, stopping), by name, with that state. */
    private final Map<String, String> pending = new LinkedHashMap<>();
    private boolean statusLineShown;

    Progress(PrintStream out) {
        this.out = out;
    }

    /** One state change: its line, then the updated line of what is still on its way. */
    void event(EventInfo e) {
        clearStatusLine();
        StringBuilder sb = new StringBuilder();
        sb.append('+').append(elapsed()).append(' ').append(e.service()).append(": ").append(e.from()).append(" -> ")
                .append(e.to());
        if (e.reason() != null && !e.reason().isEmpty()) sb.append(": ").append(e.reason());
        if (e.exit() != null) sb.append(' ').append(Formats.usage(e.exit()));
        else if (e.pid() > 0) sb.append(" (pid ").append(e.pid()).append(')');
        out.println(sb);
        if ("starting".equals(e.to()) || "stopping".equals(e.to())) pending.put(e.service(), e.to());
        else pending.remove(e.service());
        showStatusLine();
    }

    /** A line of its own, such as "pdsupd is shutting down". */
    void note(String line) {
        clearStatusLine();
        out.println(line);
        showStatusLine();
    }

    /** Erases the updating line: the command's own output follows. */
    void finish() {
        clearStatusLine();
        out.flush();
    }

    private void showStatusLine() {
        if (!pending.isEmpty()) {
            List<String> parts = new ArrayList<>(pending.size());
            pending.forEach((name, state) -> parts.add(name + " (" + state + ")"));
            out.print("waiting for " + String.join(", ", parts) + " ...");
            statusLineShown = true;
        }
        out.flush();
    }

    private void clearStatusLine() {
        if (statusLineShown) out.print(ERASE_LINE);
        statusLineShown = false;
    }

    /** Seconds since the command began, with one decimal: "0.0s", "10.2s". */
    private String elapsed() {
        long tenths = (System.nanoTime() - startNanos) / 100_000_000L;
        return tenths / 10 + "." + tenths % 10 + "s";
    }
}
