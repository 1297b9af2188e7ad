package org.pdsup.daemon.control;

/**
 * Captured service output for {@code logs}, provided by output capture through
 * {@link ControlBackend#logSource()}. Until capture exists the backend has none and {@code logs} answers
 * {@code invalid_state}.
 */
public interface LogSource {

    /**
     * Sends the last {@code lines} lines of {@code service}'s output to {@code sink}, then, with {@code follow},
     * every new line until the returned handle is closed; without {@code follow}, calls {@link LogSink#end()}
     * after the last one. Fails with {@link ControlException} ({@code no_such_service}, {@code invalid_state})
     * before sending anything.
     */
    AutoCloseable tail(String service, int lines, boolean follow, LogSink sink);

    /**
     * As {@link #tail(String, int, boolean, LogSink)}, with only the lines {@code filter} accepts (backlog and
     * live). A source that cannot filter refuses a filter with {@code invalid_state}.
     */
    default AutoCloseable tail(String service, int lines, boolean follow,
                               org.pdsup.daemon.output.LineFilter filter, LogSink sink) {
        if (filter != org.pdsup.daemon.output.LineFilter.ALL) {
            throw new ControlException(org.pdsup.protocol.ErrorCode.INVALID_STATE.wire(),
                    "this pdsupd cannot filter log lines by time or stream");
        }
        return tail(service, lines, follow, sink);
    }

    /** Receives lines; called from one thread at a time, must not block (the control server queues). */
    interface LogSink {
        /** {@code stream} is "stdout" or "stderr"; {@code text} has no line terminator. */
        void line(String stream, String text);

        /** No more lines will come. */
        void end();
    }
}
