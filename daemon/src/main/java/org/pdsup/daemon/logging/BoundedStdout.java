package org.pdsup.daemon.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

/**
 * pdsupd's log lines to standard output, written by a thread of their own: a thread that logs (the supervisor,
 * a control request) formats its line and queues it, and never waits for the write. Standard output is
 * whatever started pdsupd made it: daemon(8)'s pipe, the journal's socket, a file under nohup. When that reader
 * stops (SIGSTOP, a hung disk behind it) the pipe fills, and a write there blocks: written by the thread that
 * logged, it froze the supervisor — no exit collected, no restart, no stop (docs/reliability.md, "pdsupd's own
 * log"). Now only the writer thread blocks.
 *
 * <p>The queue is bounded in bytes ({@link #LIMIT_BYTES}). A line that does not fit is dropped and counted; the
 * first line that fits afterwards is preceded by one saying how many were dropped, so a reader that comes back
 * learns of the gap. {@link #flush(Duration)} waits, bounded, until what is queued is written: before pdsupd
 * exits and before a live re-exec replaces the program.
 */
public final class BoundedStdout extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** The most bytes of formatted lines queued for the writer thread. */
    static final int LIMIT_BYTES = 256 * 1024;
    /** The longest the JVM's exit waits for queued lines. */
    static final Duration EXIT_FLUSH = Duration.ofSeconds(1);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queuedCondition = lock.newCondition();
    private final Condition writtenCondition = lock.newCondition();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    /**
     * Standard output, descriptor 1, not {@code System.out}: that PrintStream's lock is taken by anyone who prints
     * or flushes it (jnr-ffi flushes it while it loads a library), and with our write blocked on a full pipe
     * under that lock, they would block too (a service's restart did, on the supervisor thread).
     */
    private volatile OutputStream out;
    private final int limitBytes;
    private Encoder<ILoggingEvent> encoder;
    private int queuedBytes;
    private long dropped;
    /** Lines taken by the writer thread and not yet written. */
    private boolean writing;
    private Thread writer;

    public BoundedStdout() {
        this(new java.io.FileOutputStream(java.io.FileDescriptor.out), LIMIT_BYTES);
    }

    BoundedStdout(OutputStream out, int limitBytes) {
        this.out = out;
        this.limitBytes = limitBytes;
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + name);
            return;
        }
        writer = new Thread(this::writeLoop, "pdsupd-log-writer");
        writer.setDaemon(true);
        writer.start();
        // whatever way the JVM exits (System.exit anywhere, the end of main), the queued lines go first, as a
        // console appender wrote them before (bounded: a stopped reader must not keep the JVM from exiting)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> flush(EXIT_FLUSH), "pdsupd-log-flush"));
        super.start();
    }

    @Override
    public void stop() {
        flush(Duration.ofSeconds(1));
        super.stop();
        if (writer != null) writer.interrupt();
    }

    @Override
    protected void append(ILoggingEvent event) {
        byte[] line = encoder.encode(event); // on the logging thread: encoders are thread-safe, the write is not here
        lock.lock();
        try {
            if (dropped > 0) {
                byte[] notice = encoder.encode(droppedNotice(event, dropped));
                if (queuedBytes + notice.length + line.length > limitBytes) {
                    dropped++;
                    return;
                }
                enqueue(notice);
                dropped = 0;
            } else if (queuedBytes + line.length > limitBytes) {
                dropped++;
                return;
            }
            enqueue(line);
        } finally {
            lock.unlock();
        }
    }

    /** A WARN line, formatted as every other, saying how many lines before {@code next} were dropped. */
    private ILoggingEvent droppedNotice(ILoggingEvent next, long count) {
        LoggingEvent e = new LoggingEvent(BoundedStdout.class.getName(),
                ((LoggerContext) getContext()).getLogger(BoundedStdout.class), Level.WARN,
                "{} log line(s) dropped: standard output took no more (its reader stopped or fell behind)", null,
                new Object[] {count});
        e.setTimeStamp(next.getTimeStamp());
        return e;
    }

    private void enqueue(byte[] bytes) {
        queue.add(bytes);
        queuedBytes += bytes.length;
        queuedCondition.signal();
    }

    /** For tests: lines written from now on go to {@code to}. */
    void output(OutputStream to) {
        out = to;
    }

    /** Lines dropped since the last notice of dropped lines (for tests). */
    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every line queued so far is written, or {@code max} has passed (a reader that stays stopped
     * must not keep pdsupd from exiting). Returns whether everything was written.
     */
    public boolean flush(Duration max) {
        long left = max.toNanos();
        lock.lock();
        try {
            while ((!queue.isEmpty() || writing) && left > 0 && writer != null && writer.isAlive()) {
                left = writtenCondition.awaitNanos(left);
            }
            return queue.isEmpty() && !writing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void writeLoop() {
        byte[] batch = new byte[0];
        while (true) {
            int n = 0;
            lock.lock();
            try {
                while (queue.isEmpty()) {
                    writing = false;
                    writtenCondition.signalAll();
                    queuedCondition.await();
                }
                writing = true;
                if (batch.length < queuedBytes) batch = new byte[Math.max(queuedBytes, 4096)]; // at most the limit
                for (byte[] b; (b = queue.poll()) != null; n += b.length) System.arraycopy(b, 0, batch, n, b.length);
                queuedBytes = 0;
            } catch (InterruptedException e) {
                return; // stopped
            } finally {
                lock.unlock();
            }
            try {
                OutputStream to = out;
                to.write(batch, 0, n); // one write(2) per batch; may block while the reader does not read
                to.flush();
            } catch (IOException e) {
                // the reader is gone (EPIPE): nothing to tell it; keep draining so nothing waits on us
            }
            // (a flush waiting for this batch is woken at the top of the loop, once the queue is empty)
        }
    }

    /** Runs {@link #flush} on the root logger's {@code BoundedStdout}, if pdsupd's own set-up installed one. */
    public static boolean flushRoot(Duration max) {
        return !(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) || flush(ctx, max);
    }

    /** Runs {@link #flush} on {@code context}'s root {@code BoundedStdout}, if it has one. */
    static boolean flush(LoggerContext context, Duration max) {
        return !(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(LogSetup.APPENDER)
                instanceof BoundedStdout b) || b.flush(max);
    }
}
