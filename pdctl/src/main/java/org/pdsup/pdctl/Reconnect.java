package org.pdsup.pdctl;

import java.util.Map;

import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/**
 * Follows pdsupd through a re-exec (issue 21): when a followed stream ends with {@code "reason":"restarting"},
 * {@code events -f} and {@code logs -f} connect again and send their request again, resumed where they were.
 * The new connection waits in the socket's backlog until the new program accepts it; a connect that fails (the
 * socket gone, nobody listening) is tried again after a pause growing from 50 ms to 1 s, and so is an answer
 * {@code restarting}. All of it within {@value #TIMEOUT_ENV} (default 30 s): then exit 69 (EX_UNAVAILABLE).
 */
final class Reconnect {
    static final String TIMEOUT_ENV = "PDCTL_RECONNECT_TIMEOUT";
    static final long DEFAULT_TIMEOUT_MS = 30_000;
    /** The end reason of a stream that a re-exec ended (docs/protocol.md, Streams). */
    static final String RESTARTING = "restarting";

    private Reconnect() {}

    /** {@value #TIMEOUT_ENV} from the environment (a duration: 500ms, 30s, 2m; a bare number is seconds). */
    static long timeoutMillis(Map<String, String> env) throws UsageException {
        String v = env.get(TIMEOUT_ENV);
        if (v == null || v.isBlank()) return DEFAULT_TIMEOUT_MS;
        return Durations.parseMillis(v, "the environment variable " + TIMEOUT_ENV);
    }

    /** Whether {@code end} (an end frame) says the daemon is re-executing, so the stream may be resumed. */
    static boolean restarting(Response end) {
        return RESTARTING.equals(end.endReason());
    }

    /**
     * Connects again and sends hello and {@code request}, retrying until the new program answers or
     * {@code timeoutMillis} have passed; returns its {@code ok} answer (an error answer other than {@code restarting}
     * is thrown as a {@link ResponseFailure}).
     */
    static Response resume(Session session, Request request, long timeoutMillis) throws CommandFailure {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        Thread watchdog = new Thread(new Watchdog(session, timeoutMillis), "pdctl-reconnect-timeout");
        watchdog.setDaemon(true);
        watchdog.start();
        long pause = 50;
        try {
            CommandFailure last = null;
            while (true) {
                try {
                    session.reconnect();
                    Response first = session.begin(request);
                    if (!first.ok()) throw new ResponseFailure(first);
                    session.settled();
                    return first;
                } catch (ResponseFailure f) {
                    if (ErrorCode.fromWire(f.response().errorCode()) != ErrorCode.RESTARTING) throw f;
                    last = f;
                } catch (CommandFailure f) {
                    if (f.exitCode() != ExitCodes.UNAVAILABLE) throw f;
                    // the watchdog's own refusal says less than what failed before it
                    if (last == null || !session.expired()) last = f;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new CommandFailure(ExitCodes.UNAVAILABLE, "pdsupd did not come back within "
                            + seconds(timeoutMillis) + " of its re-exec (" + TIMEOUT_ENV + "); last: " + last.getMessage());
                }
                try {
                    Thread.sleep(Math.min(pause, left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CommandFailure(ExitCodes.UNAVAILABLE, "interrupted while reconnecting to pdsupd");
                }
                pause = Math.min(pause * 2, 1000);
            }
        } finally {
            watchdog.interrupt();
        }
    }

    /** A line for the reader: on standard error on a terminal; with --json one object on standard output. */
    static void report(Output out, Response first, Map<String, Object> where) {
        if (out.json()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("reconnected", Boolean.TRUE);
            m.put("reason", RESTARTING);
            m.putAll(where);
            out.out().println(FrameWriter.toJson(m));
            out.out().flush();
        } else if (out.terminal()) {
            out.out().flush();
            out.err().println("pdctl: pdsupd re-executed itself; reconnected");
        }
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** Ends a reconnect that takes too long: at the deadline, closes the connection it waits on. */
    private static final class Watchdog implements Runnable {
        private final Session session;
        private final long millis;

        Watchdog(Session session, long millis) {
            this.session = session;
            this.millis = millis;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return; // the reconnect is done
            }
            session.expire();
        }
    }
}
