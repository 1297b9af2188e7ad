package org.pdsup.daemon.output;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes output: it takes each service's queued chunks in batches, splits them into
 * lines (cutting lines longer than max-line into marked pieces), and hands them to the service's sinks;
 * it also runs flush barriers, settings changes, reopening, retirement and the start of {@code logs}
 * streams, so all of these are ordered with the output around them. Disk trouble slows or fails only this
 * thread; readers keep reading and drop what does not fit.
 */
final class OutputWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutputWriter.class);

    private final ExecutorService thread;
    private final Path logDir;
    private final Path syslogSocket;
    private final SyslogTransport.Factory syslogFactory;
    private final Consumer<ServiceOutput> onRetired;
    private final WriteBuffers buffers = new WriteBuffers();
    private final Rotations rotations = new Rotations();
    /** Writer thread only. */
    private final Map<String, Followers> followers = new HashMap<>();

    /** @param onRetired writer thread: a retired service's files are closed; forget it */
    OutputWriter(Path logDir, Path syslogSocket, SyslogTransport.Factory syslogFactory, Consumer<ServiceOutput> onRetired) {
        this.logDir = logDir;
        this.syslogSocket = syslogSocket;
        this.syslogFactory = syslogFactory;
        this.onRetired = onRetired;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pdsupd-output-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} on the writer thread after what is already queued; false once closed. */
    boolean execute(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    log.error("output writer task failed", e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** The service has queued work. */
    void schedule(ServiceOutput service) {
        if (!execute(() -> drain(service))) discard(service);
    }

    /**
     * After close: nothing is written any more, but flush barriers still run (an exit is still reported) and
     * the output is counted as dropped.
     */
    private static void discard(ServiceOutput service) {
        ServiceQueue queue = service.queue();
        do {
            for (QueueEntry entry : queue.takeBatch()) {
                if (entry instanceof Chunk c) {
                    service.droppedCounter().addAndGet(c.length());
                } else if (entry instanceof QueueEntry.Barrier b) {
                    try {
                        b.action().run();
                    } catch (RuntimeException e) {
                        log.error("flush barrier of {} failed", service.name(), e);
                    }
                }
                queue.release(entry);
            }
        } while (queue.finishBatch());
    }

    Rotations rotations() {
        return rotations;
    }

    /** Writer thread: the followers of {@code name}, created on first use. */
    Followers followers(String name) {
        return followers.computeIfAbsent(name, n -> new Followers());
    }

    /** Writer thread: ends and forgets the followers of {@code name}. */
    void endFollowers(String name) {
        Followers f = followers.remove(name);
        if (f != null) f.finishAll();
    }

    /** Writer thread: ends every follower. */
    void endAllFollowers() {
        for (Followers f : followers.values()) f.finishAll();
        followers.clear();
    }

    private void drain(ServiceOutput service) {
        ServiceQueue queue = service.queue();
        List<QueueEntry> batch = queue.takeBatch();
        for (QueueEntry entry : batch) {
            try {
                if (entry instanceof Chunk c) {
                    write(service, c);
                } else if (entry instanceof QueueEntry.Configure cfg) {
                    configure(service, cfg.settings());
                } else if (entry instanceof QueueEntry.Barrier b) {
                    if (service.sinks != null) service.sinks.flush();
                    b.action().run();
                } else if (entry instanceof QueueEntry.Retire) {
                    if (service.sinks != null) service.sinks.close();
                    service.sinks = null;
                    rotations.settleAll();
                    onRetired.accept(service);
                }
            } catch (RuntimeException e) {
                log.error("writing output of {}", service.name(), e);
            } finally {
                queue.release(entry);
            }
        }
        if (service.sinks != null) service.sinks.flush();
        if (queue.finishBatch()) schedule(service);
    }

    private void configure(ServiceOutput service, OutputSettings settings) {
        if (service.sinks == null) {
            service.sinks = new ServiceSinks(service.name(), LogLayout.serviceDir(logDir, service.name()),
                    service.droppedCounter(), followers(service.name()), buffers, rotations, syslogSocket, syslogFactory);
        }
        service.sinks.apply(settings);
    }

    private static void write(ServiceOutput service, Chunk c) {
        ServiceSinks sinks = service.sinks;
        LineSink sink = sinks == null ? null : sinks.sink(c.stream());
        if (sink == null) {
            service.droppedCounter().addAndGet(c.length());
            return;
        }
        if (c.droppedBefore() > 0) sink.dropped(c.stream(), c.droppedBefore(), c.timeMillis());
        int maxLine = sinks.maxLine();
        byte[] d = c.data();
        int end = c.length();
        int pos = 0;
        if (sink.takesRuns()) pos = runs(sink, c, maxLine);
        while (pos < end) {
            int nl = indexOfNewline(d, pos, end);
            pos = line(sink, c, pos, nl < 0 ? end : nl, maxLine);
        }
    }

    /**
     * Passes the chunk's ordinary lines through in runs, stopping only at lines longer than max-line. Checks
     * line lengths without reading every byte: a line starting at {@code ls} is short enough exactly when a
     * newline lies in {@code [ls, ls + maxLine]}, and the last one there, found scanning backwards, is where the
     * next check starts; so each step advances about max-line bytes and reads about one line. Returns where
     * the unterminated rest of the chunk (if any) begins.
     */
    private static int runs(LineSink sink, Chunk c, int maxLine) {
        byte[] d = c.data();
        int end = c.length();
        int pos = 0;
        int ls = 0;
        while (end - ls > maxLine) {
            int nl = lastNewline(d, ls, ls + maxLine + 1);
            if (nl >= 0) {
                ls = nl + 1;
                continue;
            }
            int lineEnd = indexOfNewline(d, ls + maxLine + 1, end);
            if (ls > pos) sink.lines(c.stream(), d, pos, ls - pos, c.timeMillis());
            pos = line(sink, c, ls, lineEnd < 0 ? end : lineEnd, maxLine);
            ls = pos;
        }
        int last = lastNewline(d, ls, end);
        if (last >= 0) ls = last + 1;
        if (ls > pos) sink.lines(c.stream(), d, pos, ls - pos, c.timeMillis());
        return Math.max(pos, ls);
    }

    private static int lastNewline(byte[] d, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (d[i] == '\n') return i;
        }
        return -1;
    }

    /** Writes the line {@code data[from..lineEnd)} (cut into max-line pieces); returns where the next begins. */
    private static int line(LineSink sink, Chunk c, int from, int lineEnd, int maxLine) {
        byte[] d = c.data();
        boolean terminated = lineEnd < c.length();
        int p = from;
        while (lineEnd - p > maxLine) {
            sink.line(c.stream(), d, p, maxLine, true, maxLine, c.timeMillis());
            p += maxLine;
        }
        boolean continued = !terminated && c.tail() == LineTail.CONTINUED;
        sink.line(c.stream(), d, p, lineEnd - p, continued, (lineEnd - p) + (terminated ? 1 : 0), c.timeMillis());
        return terminated ? lineEnd + 1 : lineEnd;
    }

    private static int indexOfNewline(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            if (d[i] == '\n') return i;
        }
        return -1;
    }

    /** Stops taking work, finishes what is queued, and waits (bounded) for the thread to end. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("output writer did not finish within 30 s; abandoning unwritten output");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        rotations.close();
    }
}
