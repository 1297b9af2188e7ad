package org.pdsup.pdctl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.pdsup.protocol.Response;

/**
 * Where one followed {@code logs} stream goes on after a re-exec. The protocol has no resume point for logs
 * (docs/protocol.md, Streams), so pdctl remembers the last {@value #TAIL} lines it showed, asks the new program
 * for the last {@value #BACKLOG} lines again, and shows only what follows the first place where those
 * remembered lines appear in a row. Exact when lines differ from each other (timestamps, counters); a run of
 * {@value #TAIL} identical lines can match too early (lines shown twice). When the remembered lines are not
 * among the {@value #BACKLOG} (more were written during the re-exec, or the log was rotated away), what came is
 * shown with a notice that lines may be missing or repeated.
 */
final class LogResume {
    static final int TAIL = 16;
    static final int BACKLOG = 1000;

    private final ArrayDeque<String> tail = new ArrayDeque<>(TAIL);
    /** While looking for the remembered lines: the lines that came, newest last; null otherwise. */
    private List<Response> held;
    private String[] wanted;
    private final ArrayDeque<String> window = new ArrayDeque<>(TAIL);
    private boolean lost;

    /**
     * Starts looking for the remembered lines in what comes next; returns how many lines to ask for again
     * (0 when nothing was shown yet: there is nothing to find, and the stream goes on from now).
     */
    int resume() {
        if (tail.isEmpty()) return 0;
        wanted = tail.toArray(new String[0]);
        window.clear();
        held = new ArrayList<>();
        return BACKLOG;
    }

    /** Whether the remembered lines were not found: what {@link #offer} then returned may miss or repeat lines. */
    boolean lostPlace() {
        boolean l = lost;
        lost = false;
        return l;
    }

    /** The frames to show now for the frame that came ({@code line} or {@code dropped}). */
    List<Response> offer(Response r) {
        if (r.line() == null) return List.of(r);
        if (held == null) {
            shown(r);
            return List.of(r);
        }
        String key = key(r);
        if (window.size() == wanted.length) window.removeFirst();
        window.addLast(key);
        if (window.size() == wanted.length && matches()) {
            held = null; // all that came so far was shown before the re-exec
            return List.of();
        }
        held.add(r);
        if (held.size() < BACKLOG) return List.of();
        List<Response> all = held;
        held = null;
        lost = true;
        for (Response h : all) shown(h);
        return all;
    }

    private boolean matches() {
        Iterator<String> w = window.iterator();
        for (String s : wanted) if (!s.equals(w.next())) return false;
        return true;
    }

    private void shown(Response r) {
        if (tail.size() == TAIL) tail.removeFirst();
        tail.addLast(key(r));
    }

    private static String key(Response r) {
        String stream = r.string("stream");
        return (stream == null ? "" : stream) + '\u0000' + r.line();
    }
}
