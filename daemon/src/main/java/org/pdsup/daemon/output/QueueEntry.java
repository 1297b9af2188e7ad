package org.pdsup.daemon.output;

/**
 * What travels from the reading side (kernel-event thread) to the writer thread through a
 * {@link ServiceQueue}, in order: output, new settings, flush barriers, and the retirement of a service.
 */
sealed interface QueueEntry permits Chunk, QueueEntry.Configure, QueueEntry.Barrier, QueueEntry.Retire {

    /** Bytes this entry holds against the memory bounds. */
    default long chargedBytes() {
        return 0;
    }

    /** Apply these settings before writing anything that follows (files, syslog, timestamps, limits). */
    record Configure(OutputSettings settings) implements QueueEntry {}

    /** Everything before this entry has been handed to the kernel (or dropped): run {@code action}. */
    record Barrier(Runnable action) implements QueueEntry {}

    /** The service was removed and its last run is drained: close its files. */
    record Retire() implements QueueEntry {}
}
