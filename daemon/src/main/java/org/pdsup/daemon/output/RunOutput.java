package org.pdsup.daemon.output;

import org.pdsup.procdesc.Redirect;

/**
 * The output of one run of a service, from {@link OutputCapture#open}: the redirects to put into the spawn,
 * then exactly one of {@link #spawned()} or {@link #abandon()}, and after a spawn {@link #exited(Runnable)}.
 */
public interface RunOutput {

    /** The child's stdout: the write end of a capture pipe, or {@code inherit} / {@code null}. */
    Redirect stdout();

    /** The child's stderr; the same pipe as {@link #stdout()} when both streams go to one file. */
    Redirect stderr();

    /** The spawn succeeded: close the child's pipe ends in the parent, start reading. */
    void spawned();

    /** The spawn failed: close everything of this run. */
    void abandon();

    /**
     * The process exited: {@code whenFlushed} runs (on the writer thread, or on the calling thread when nothing
     * is captured or capture is closed) once every byte the process wrote before exiting has been read and
     * handed to the kernel by the writer (or dropped and counted). What is in the pipes is read now, without
     * waiting for end of file: a descendant that keeps the pipe open does not delay it (its later output is still
     * captured). When the service's buffer is full, that read waits for room, at most max-stall.
     */
    void exited(Runnable whenFlushed);

    /**
     * Live re-exec: stops reading this run's pipes and gives away their read ends with the incomplete lines; what
     * was read before is with the writer (see {@link Capture#flush}). Nothing when nothing is captured.
     */
    default java.util.List<HandedOverStream> handOver() {
        return java.util.List.of();
    }

    /** The exec failed: read the pipes again. */
    default void undoHandOver() {
    }
}
