package org.pdsup.daemon.output;

import java.io.IOException;

import org.pdsup.config.OutputConfig;

/**
 * What the supervisor asks of output capture: the pipes of each run, the dropped-byte counters, the log files'
 * reopening and the {@code logs} tail. {@link OutputCapture} is the daemon's; tests that are not about output
 * may give the supervisor one that captures nothing.
 */
public interface Capture {

    /** Before each spawn, on the supervisor thread: the redirects for the spawn and the handle of this run. */
    RunOutput open(String service, OutputConfig cfg) throws IOException;

    /** Bytes of {@code service}'s output dropped since it was first opened. */
    long droppedBytes(String service);

    /** Service removed by reload: its files are closed once its last run is drained. */
    void forget(String service);

    /** SIGUSR1 / {@code pdctl reopen-logs}: reopen every log file. */
    void reopenAll();

    /**
     * Adds one line of pdsupd's own (an exec health check's output, prefixed) to {@code service}'s stdout log, as
     * if the service had written it; any thread. False when nothing captures that service's output now (then the
     * caller logs the line itself).
     */
    default boolean note(String service, String line) {
        return false;
    }

    /** For {@code pdctl logs}: the last {@code lines} lines, then, if {@code follow}, every new one. */
    AutoCloseable tail(String service, int lines, boolean follow, OutputCapture.LogSink sink) throws IOException;

    /** As {@link #tail(String, int, boolean, OutputCapture.LogSink)}, with only the lines {@code filter} accepts. */
    AutoCloseable tail(String service, int lines, boolean follow, LineFilter filter, OutputCapture.LogSink sink)
            throws IOException;

    /**
     * Live re-exec, in the new program: the output of a run spawned by the previous program of this process,
     * read from its handed-over pipes (already started).
     */
    default RunOutput inherit(String service, OutputConfig cfg, java.util.List<HandedOverStream> streams)
            throws IOException {
        throw new IOException("this output capture cannot take over pipes");
    }

    /** Completes once everything read so far from every pipe has been written (live re-exec, before the exec). */
    default java.util.concurrent.CompletableFuture<Void> flush() {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
}
