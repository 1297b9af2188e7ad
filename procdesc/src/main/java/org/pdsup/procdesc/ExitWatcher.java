package org.pdsup.procdesc;

/**
 * One kernel-event thread (epoll on Linux, kqueue on FreeBSD) that tells of process exits and readable
 * descriptors. No polling timer: the thread sleeps in the kernel until something happens.
 *
 * <p>Registrations may be made from any thread. Callbacks run on the watcher's own thread and must not
 * block; a supervisor posts them to its own loop.
 */
public interface ExitWatcher extends AutoCloseable {

    /** Called once per watched process, after it has been reaped, with its exit and resource usage. */
    @FunctionalInterface
    interface ExitListener {
        void exited(ProcessDescriptor process, ExitStatus status);
    }

    /** Called each time a watched descriptor is readable or hung up; the callback does the read. */
    @FunctionalInterface
    interface ReadableListener {
        void readable(int fd);
    }

    /** Delivers {@code pd}'s exit exactly once to {@code listener} (immediately if it has already exited). */
    void watch(ProcessDescriptor pd, ExitListener listener);

    /** Stops watching {@code pd}; no callback will follow. */
    void unwatch(ProcessDescriptor pd);

    /** Level-triggered readability of {@code fd} (a pipe's read end, say) until {@link #unwatchFd(int)}. */
    void watchReadable(int fd, ReadableListener listener);

    void unwatchFd(int fd);

    /** Stops the thread and releases the kernel queue. Watched processes are left alone. */
    @Override
    void close();
}
