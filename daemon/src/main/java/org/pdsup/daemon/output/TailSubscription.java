package org.pdsup.daemon.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code logs [-f]} stream: first the backlog read from the files, then (when following) the lines the
 * writer publishes, delivered to the {@link OutputCapture.LogSink} on a delivery thread, never on the writer's.
 * What waits for a slow consumer is bounded ({@value #MAX_LINES} lines or {@value #MAX_BYTES} bytes); lines
 * beyond are dropped and the consumer hears {@code dropped(n)} where they were. {@code end()} is called
 * exactly once: after the backlog without follow, or when the service is removed, capture shuts down, or the
 * handle is closed.
 */
final class TailSubscription implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TailSubscription.class);
    static final int MAX_LINES = 10_000;
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private record Line(StreamKind stream, byte[] text) {}

    private static final class Gap {
        long lines;
    }

    private final OutputCapture.LogSink sink;
    private final boolean follow;
    private final Executor delivery;
    private final Runnable unregister;
    private final LineFilter filter;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private long queuedBytes;
    private int queuedLines;
    private LogBacklog backlog;
    private boolean started;
    private boolean finishing;
    private boolean closed;
    private boolean scheduled;
    private boolean ended;

    TailSubscription(OutputCapture.LogSink sink, boolean follow, Executor delivery, Runnable unregister) {
        this(sink, follow, delivery, unregister, LineFilter.ALL);
    }

    /** {@code filter}: the lines wanted, of the backlog and live ({@code logs --since, --stderr}). */
    TailSubscription(OutputCapture.LogSink sink, boolean follow, Executor delivery, Runnable unregister,
                     LineFilter filter) {
        this.filter = filter;
        this.sink = sink;
        this.follow = follow;
        this.delivery = delivery;
        this.unregister = unregister;
    }

    boolean follow() {
        return follow;
    }

    /** Writer thread: the backlog is fixed (null if there is none); live lines may follow from now on. */
    void start(LogBacklog backlog) {
        synchronized (this) {
            started = true;
            if (closed) {
                if (backlog != null) backlog.close();
            } else {
                this.backlog = backlog;
            }
            if (!follow) finishing = true;
        }
        schedule();
    }

    /** Writer thread: a line was written. */
    void offer(StreamKind stream, byte[] data, int off, int len) {
        if (filter != LineFilter.ALL && !filter.accepts(stream, data, off, len)) return;
        synchronized (this) {
            if (closed || finishing) return;
            if (queuedLines >= MAX_LINES || queuedBytes + len > MAX_BYTES) {
                Object last = queue.peekLast();
                Gap gap;
                if (last instanceof Gap g) {
                    gap = g;
                } else {
                    gap = new Gap();
                    queue.add(gap);
                }
                gap.lines++;
                return;
            }
            queue.add(new Line(stream, Arrays.copyOfRange(data, off, off + len)));
            queuedLines++;
            queuedBytes += len;
        }
        schedule();
    }

    /** Ends the stream once what is queued has been delivered. */
    void finish() {
        synchronized (this) {
            finishing = true;
        }
        schedule();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** The consumer is gone: nothing more is delivered; {@code end()} follows (unless it already came). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            queue.clear();
            queuedLines = 0;
            queuedBytes = 0;
        }
        unregister.run();
        schedule();
    }

    private void schedule() {
        synchronized (this) {
            if (!started || scheduled || ended) return;
            scheduled = true;
        }
        try {
            delivery.execute(this::run);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                scheduled = false;
            }
        }
    }

    private void run() {
        try {
            LogBacklog b;
            synchronized (this) {
                b = backlog;
                backlog = null;
            }
            if (b != null) deliverBacklog(b);
            while (true) {
                Object next;
                boolean end = false;
                synchronized (this) {
                    next = queue.poll();
                    if (next instanceof Line l) {
                        queuedLines--;
                        queuedBytes -= l.text().length;
                    } else if (next == null) {
                        scheduled = false;
                        if ((finishing || closed) && !ended) {
                            ended = true;
                            end = true;
                        }
                    }
                }
                if (next == null) {
                    if (end) sink.end();
                    return;
                }
                if (next instanceof Line l) {
                    sink.line(l.stream().label(), new String(l.text(), StandardCharsets.UTF_8));
                } else {
                    sink.dropped(((Gap) next).lines);
                }
            }
        } catch (RuntimeException e) {
            log.warn("log stream consumer failed: {}; closing the stream", e.toString());
            synchronized (this) {
                scheduled = false;
            }
            close();
        }
    }

    private void deliverBacklog(LogBacklog b) {
        try (b) {
            b.deliver((stream, data, len) -> {
                if (filter.accepts(stream, data, 0, len)) sink.line(stream.label(), new String(data, 0, len, StandardCharsets.UTF_8));
            }, this::isClosed);
        } catch (IOException e) {
            log.warn("reading log files for logs: {}", e.toString());
        }
    }
}
