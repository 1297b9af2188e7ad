package org.pdsup.daemon.logging;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Rate-limits repeated log messages daemon-wide, so no client and no crash-looping service can flood pdsupd's
 * log (issue 15: 10,000 refused requests wrote 970 KB in half a second; a crash-loop storm 10 MB of state
 * lines a minute). Wired in {@link LogSetup}; documented in docs/reliability.md.
 *
 * <p>A message's key is its logger, its template (the format string, not the formatted text) and its first
 * argument, which in pdsupd is almost always the service or the request op: so one service's trouble never
 * hides another's. Each key may log {@link #setBurst burst} messages per {@link #setIntervalMillis interval};
 * later ones are counted, not logged, and once the interval is over the next log event of any key brings
 * out "suppressed N similar messages: ..." for it (no timer runs). The key table holds at most
 * {@link #setMaxKeys maxKeys} keys: past that, new keys drop their first argument (logger and template
 * only), so the table cannot grow with what a client sends, and what overflows is still bounded.
 */
public final class RepeatedMessageFilter extends TurboFilter {
    /** Marks the filter's own summaries, which it lets through. */
    static final Marker SUMMARY = MarkerFactory.getMarker("PDSUPD_SUPPRESSED");
    private static final String FQCN = RepeatedMessageFilter.class.getName();
    private static final int MAX_ARGUMENT_CHARS = 64;

    private int burst = 10;
    private long intervalMillis = 60_000;
    private int maxKeys = 1024;
    private LongSupplier clockMillis = () -> System.nanoTime() / 1_000_000;

    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private long nextSweep = Long.MIN_VALUE;

    private static final class Entry {
        final Logger logger;
        final Level level;
        final String template;
        final String argument;
        long windowStart;
        int logged;
        long suppressed;

        Entry(Logger logger, Level level, String template, String argument, long now) {
            this.logger = logger;
            this.level = level;
            this.template = template;
            this.argument = argument;
            this.windowStart = now;
        }
    }

    private record Summary(Logger logger, Level level, String text) {}

    /**
     * A key of the table: the logger's name, the template and the first argument as they are (shared with the
     * logger, the call site and the caller), no concatenation of them: with a key per service after a start, the
     * joined strings were about 100 KB of an idle daemon's heap at 1,000 services. A null argument is the key of
     * everything past {@code maxKeys} for that logger and template.
     */
    private record Key(String logger, String template, String argument) {}

    /** Messages per key and interval that get through (default 10). */
    public void setBurst(int burst) {
        if (burst < 1) throw new IllegalArgumentException("burst must be at least 1: " + burst);
        this.burst = burst;
    }

    /** The interval, in milliseconds (default 60,000). */
    public void setIntervalMillis(long intervalMillis) {
        if (intervalMillis < 1) throw new IllegalArgumentException("intervalMillis must be positive: " + intervalMillis);
        this.intervalMillis = intervalMillis;
    }

    /** Keys (logger, template, first argument) tracked at once (default 1024). */
    public void setMaxKeys(int maxKeys) {
        if (maxKeys < 1) throw new IllegalArgumentException("maxKeys must be positive: " + maxKeys);
        this.maxKeys = maxKeys;
    }

    /** For tests: a clock in milliseconds. */
    void setClock(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // format == null: an isEnabled() check, not a message
        if (format == null || marker == SUMMARY || !isStarted()) return FilterReply.NEUTRAL;
        if (!level.isGreaterOrEqual(logger.getEffectiveLevel())) return FilterReply.NEUTRAL;
        String argument = params != null && params.length > 0 ? describe(params[0]) : "";
        List<Summary> due = new ArrayList<>(0);
        boolean pass;
        synchronized (this) {
            long now = clockMillis.getAsLong();
            if (now - nextSweep >= 0 || nextSweep == Long.MIN_VALUE) {
                sweep(now, due);
                nextSweep = now + intervalMillis;
            }
            Entry e = entry(logger, level, format, argument, now);
            if (now - e.windowStart >= intervalMillis) {
                if (e.suppressed > 0) due.add(summary(e));
                e.windowStart = now;
                e.logged = 0;
                e.suppressed = 0;
            }
            pass = e.logged < burst;
            if (pass) e.logged++;
            else e.suppressed++;
        }
        for (Summary s : due) emit(s);
        return pass ? FilterReply.NEUTRAL : FilterReply.DENY;
    }

    private Entry entry(Logger logger, Level level, String template, String argument, long now) {
        Key key = new Key(logger.getName(), template, argument);
        Entry e = entries.get(key);
        if (e != null) return e;
        if (entries.size() >= maxKeys) {
            // full: fall back to logger + template, which a client cannot multiply
            key = new Key(logger.getName(), template, null);
            e = entries.get(key);
            if (e != null) return e;
            argument = null;
        }
        e = new Entry(logger, level, template, argument, now);
        entries.put(key, e);
        return e;
    }

    /** Summarises the keys whose interval is over and forgets the quiet ones. */
    private void sweep(long now, List<Summary> due) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (now - e.windowStart < intervalMillis) continue;
            if (e.suppressed > 0) due.add(summary(e));
            it.remove();
        }
    }

    private Summary summary(Entry e) {
        String text = "suppressed " + e.suppressed + " similar " + (e.suppressed == 1 ? "message" : "messages")
                + " in " + (intervalMillis / 1000 > 0 ? intervalMillis / 1000 + " s" : intervalMillis + " ms") + ": \""
                + e.template + "\"" + (e.argument == null ? " (any first argument)"
                : e.argument.isEmpty() ? "" : " with first argument " + e.argument);
        return new Summary(e.logger, e.level, text);
    }

    private static void emit(Summary s) {
        s.logger().log(SUMMARY, FQCN, Level.toLocationAwareLoggerInteger(s.level()), s.text(), null, null);
    }

    private static String describe(Object o) {
        String s = String.valueOf(o);
        return s.length() > MAX_ARGUMENT_CHARS ? s.substring(0, MAX_ARGUMENT_CHARS) : s;
    }

    /** For tests: keys tracked now. */
    synchronized int keys() {
        return entries.size();
    }

}
