package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.pdsup.config.StartLimit;

/** Counts starts in a sliding window: more than {@code burst} within {@code interval} means {@code fatal}. */
public final class StartLimiter {
    private final Deque<Instant> starts = new ArrayDeque<>();
    private StartLimit limit;

    public StartLimiter(StartLimit limit) {
        this.limit = limit;
    }

    public void update(StartLimit newLimit) {
        this.limit = newLimit;
    }

    /** Records a start at {@code now}; false if it exceeds the limit (the start must not happen). */
    public boolean tryStart(Instant now) {
        Instant horizon = now.minus(limit.interval());
        while (!starts.isEmpty() && starts.peekFirst().isBefore(horizon)) {
            starts.removeFirst();
        }
        if (starts.size() >= limit.burst()) {
            return false;
        }
        starts.addLast(now);
        return true;
    }

    /** An operator start clears the history. */
    /** The start times inside the window (live re-exec hands them over). */
    public java.util.List<Instant> window() {
        return java.util.List.copyOf(starts);
    }

    /** Live re-exec: the window handed over by the previous program. */
    public void restoreWindow(java.util.List<Instant> window) {
        starts.clear();
        starts.addAll(window);
    }

    public void reset() {
        starts.clear();
    }

    public String describe() {
        return "more than " + limit.burst() + " starts within " + Durations.format(limit.interval());
    }
}
