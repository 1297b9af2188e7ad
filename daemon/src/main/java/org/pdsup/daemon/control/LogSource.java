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

    /** Receives lines; called from one thread at a time, must not block (the control server queues). */
    interface LogSink {
        /** {@code stream} is "stdout" or "stderr"; {@code text} has no line terminator. */
        void line(String stream, String text);

        /** No more lines will come. */
        void end();
    }
}
