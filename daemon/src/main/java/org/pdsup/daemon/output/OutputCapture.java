package org.pdsup.daemon.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.pdsup.config.OutputConfig;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.ProcessDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures the stdout and stderr of services into log files (with rotation) or syslog, without a thread per
 * service, losing nothing while the disk keeps up and never blocking a service for longer than max-stall.
 *
 * <p>Each run writes into close-on-exec pipes whose read ends the kernel-event thread ({@link ExitWatcher})
 * reads without blocking, in whole lines, into a bounded per-service queue (and a bounded total). One writer
 * thread writes the queues to disk. When a queue is full its pipes are not read (the service waits in
 * write(2)) until the writer makes room, for at most max-stall; past that, or with {@code overflow = drop},
 * what does not fit is dropped and counted ({@link #droppedBytes}), and a notice line marks the gap.
 * {@link #tail} serves {@code pdctl logs [-n N] [-f]}. See {@code docs/output.md}.
 *
 * <p>{@link #open} is called on the supervisor thread; the other methods on any thread.
 */
public final class OutputCapture implements Capture, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutputCapture.class);

    private final ExitWatcher watcher;
    private final PipeIo io;
    private final Path logDir;
    private final MemoryBudget budget;
    private final OutputWriter writer;
    private final ExecutorService delivery;
    /** Threads that deliver `logs` streams (backlog reads and live lines) to their readers. */
    static final int DELIVERY_THREADS = 4;
    /** Max-stall deadlines and the resumption of paused readers. */
    private final ScheduledThreadPoolExecutor resumeThread;
    private final Map<String, ServiceOutput> services = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param watcher          the kernel-event thread that reads the pipes ({@link ExitWatcher#watchReadable})
     * @param procdesc         makes the pipes
     * @param logDir           {@code pdsupd.log-dir}; service directories are created under it
     * @param totalBufferBytes bound on output held in memory across all services
     */
    public OutputCapture(ExitWatcher watcher, ProcessDescriptors procdesc, Path logDir, long totalBufferBytes) {
        this(watcher, PipeIo.system(procdesc), logDir, totalBufferBytes, SyslogTransport.defaultSocket(),
                SyslogTransport.LOCAL);
    }

    /** With the syslog socket and transport chosen by the caller (tests, or a datagram transport). */
    OutputCapture(ExitWatcher watcher, PipeIo io, Path logDir, long totalBufferBytes, Path syslogSocket,
                  SyslogTransport.Factory syslogTransport) {
        this.watcher = watcher;
        this.io = io;
        this.logDir = logDir;
        this.budget = new MemoryBudget(totalBufferBytes);
        this.writer = new OutputWriter(logDir, syslogSocket, syslogTransport, this::retired);
        this.resumeThread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pdsupd-output-resume");
            t.setDaemon(true);
            return t;
        });
        resumeThread.setRemoveOnCancelPolicy(true);
        AtomicInteger n = new AtomicInteger();
        // at most DELIVERY_THREADS threads whatever the number of readers (a cached pool grew one thread per
        // concurrent `logs` reader); sinks never block, so a reader waits only for other readers' turns
        ThreadPoolExecutor pool = new ThreadPoolExecutor(DELIVERY_THREADS, DELIVERY_THREADS, 60, TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "pdsupd-logs-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.delivery = pool;
    }

    /**
     * Before each spawn, on the supervisor thread: the redirects for the spawn and the handle of this run.
     *
     * @throws IOException naming the service when its settings are unusable or its log directory cannot be made
     */
    public RunOutput open(String service, OutputConfig cfg) throws IOException {
        OutputSettings settings = settings(service, cfg);
        Path dir = LogLayout.serviceDir(logDir, service);
        if (LogLayout.file(dir, settings, StreamKind.STDOUT) != null || LogLayout.file(dir, settings, StreamKind.STDERR) != null) {
            LogFiles.prepareServiceDir(logDir, dir);
        }
        ServiceOutput svc = serviceOutput(service, settings);
        PipeRun run = new PipeRun(svc, settings, io, watcher);
        svc.addRun(run);
        return run;
    }

    /** The settings of {@code cfg}; an error names the service. Refused once this capture is closed. */
    private OutputSettings settings(String service, OutputConfig cfg) throws IOException {
        if (closed) throw new IOException("output capture is closed");
        try {
            return OutputSettings.from(cfg);
        } catch (IllegalArgumentException e) {
            throw new IOException("output of service " + service + ": " + e.getMessage(), e);
        }
    }

    /** The service's output, reconfigured to {@code settings}, or a new one where it cannot take them. */
    private ServiceOutput serviceOutput(String service, OutputSettings settings) {
        synchronized (services) {
            ServiceOutput svc = services.get(service);
            if (svc == null || !svc.configure(settings)) {
                svc = new ServiceOutput(service, settings, budget, writer::schedule, resumeThread);
                svc.configure(settings);
                services.put(service, svc);
            }
            return svc;
        }
    }

    @Override
    public RunOutput inherit(String service, OutputConfig cfg, List<HandedOverStream> streams) throws IOException {
        OutputSettings settings = settings(service, cfg);
        ServiceOutput svc = serviceOutput(service, settings);
        PipeRun run = new PipeRun(svc, settings, io, watcher, streams);
        svc.addRun(run);
        run.spawned();
        return run;
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> flush() {
        List<java.util.concurrent.CompletableFuture<Void>> all = new java.util.ArrayList<>();
        for (ServiceOutput s : services.values()) {
            java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
            s.queue().control(new QueueEntry.Barrier(() -> f.complete(null)));
            all.add(f);
        }
        return java.util.concurrent.CompletableFuture.allOf(all.toArray(java.util.concurrent.CompletableFuture[]::new))
                .thenCompose(v -> {
                    java.util.concurrent.CompletableFuture<Void> written = new java.util.concurrent.CompletableFuture<>();
                    if (!writer.execute(() -> {
                        for (ServiceOutput s : services.values()) {
                            if (s.sinks != null) s.sinks.flush();
                        }
                        written.complete(null);
                    })) {
                        written.complete(null);
                    }
                    return written;
                });
    }

    /** SIGUSR1 / {@code pdctl reopen-logs}: reopen every log file (after newsyslog(8) renamed them). */
    public void reopenAll() {
        writer.execute(() -> {
            for (ServiceOutput s : services.values()) {
                if (s.sinks != null) s.sinks.reopen();
            }
            log.info("log files reopened");
        });
    }

    /** Bytes of {@code service}'s output dropped since it was first opened (buffer full, write failed). */
    public long droppedBytes(String service) {
        ServiceOutput s = services.get(service);
        return s == null ? 0 : s.droppedBytes();
    }

    /** Longest line {@link #note} writes (or the service's max-line if shorter); the rest is cut. */
    static final int MAX_NOTE = 1024;

    @Override
    public boolean note(String service, String line) {
        ServiceOutput s = services.get(service);
        if (closed || s == null || s.isRetired()) return false;
        byte[] text = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        OutputSettings settings = s.settings();
        int len = Math.min(text.length, settings == null ? MAX_NOTE : Math.min(MAX_NOTE, settings.maxLineBytes()));
        byte[] data = java.util.Arrays.copyOf(text, len + 1);
        data[len] = '\n';
        s.queue().offer(StreamKind.STDOUT, data, data.length, LineTail.NEWLINE, System.currentTimeMillis());
        return true;
    }

    /** Service removed by reload: its files are closed once its last run is drained; its followers end. */
    public void forget(String service) {
        ServiceOutput s = services.get(service);
        if (s != null) s.forget();
    }

    private void retired(ServiceOutput s) {
        boolean replaced;
        synchronized (services) {
            services.remove(s.name(), s);
            replaced = services.containsKey(s.name());
        }
        if (!replaced) writer.endFollowers(s.name());
    }

    /**
     * For {@code pdctl logs NAME [-n N] [-f]}: the last {@code lines} lines from the files on disk (across
     * rotated files), then, if {@code follow}, every new line until the returned handle is closed. The sink is
     * called on a delivery thread, never the supervisor's or the writer's; see {@link LogSink}.
     *
     * @throws IllegalArgumentException for a negative line count or a name that cannot be a directory
     * @throws IOException              when capture is closed
     */
    public AutoCloseable tail(String service, int lines, boolean follow, LogSink sink) throws IOException {
        return tail(service, lines, follow, LineFilter.ALL, sink);
    }

    /**
     * As {@link #tail(String, int, boolean, LogSink)}, with only the lines {@code filter} accepts: the last
     * {@code lines} of the wanted stream's files, those among them written since the filter's time.
     */
    @Override
    public AutoCloseable tail(String service, int lines, boolean follow, LineFilter filter, LogSink sink)
            throws IOException {
        if (lines < 0) throw new IllegalArgumentException("logs: line count must be >= 0, not " + lines);
        Path dir = LogLayout.serviceDir(logDir, service);
        TailSubscription[] self = new TailSubscription[1];
        TailSubscription sub = new TailSubscription(sink, follow, delivery,
                () -> writer.execute(() -> writer.followers(service).remove(self[0])), filter);
        self[0] = sub;
        boolean queued = writer.execute(() -> {
            ServiceOutput svc = services.get(service);
            ServiceSinks sinks = svc == null ? null : svc.sinks;
            if (sinks != null) sinks.flush();
            List<Map.Entry<StreamKind, Path>> files = sinks != null ? sinks.files() : LogLayout.probe(dir);
            if (filter.byStream()) files = files.stream().filter(f -> filter.wants(f.getKey())).toList();
            boolean merge = sinks != null && sinks.settings().timestamps();
            LogBacklog backlog = null;
            try {
                // a stream closed meanwhile (a client gone or cut off) reads no backlog for nobody (issue 15)
                if (!sub.isClosed()) backlog = LogBacklog.open(files, lines, merge, writer.rotations());
            } catch (IOException e) {
                log.warn("logs {}: cannot open its log files: {}", service, e.toString());
            }
            if (follow && !sub.isClosed()) writer.followers(service).add(sub);
            sub.start(backlog);
        });
        if (!queued || closed) throw new IOException("output capture is closed");
        return sub;
    }

    /** Receives the lines of {@link #tail}. */
    public interface LogSink {
        /** One line, without its newline; {@code stream} is "stdout" or "stderr" (combined files: "stdout"). */
        void line(String stream, String text);

        /** {@code lines} lines were skipped here because the consumer was too slow. */
        void dropped(long lines);

        /** No more lines will come; called exactly once. */
        void end();
    }

    /** For tests and metrics: bytes of output held in memory now, across all services. */
    long bufferedBytes() {
        return budget.used();
    }

    /** For tests and metrics: the most output ever held in memory at once, across all services. */
    long bufferHighWaterBytes() {
        return budget.highWater();
    }

    /** For tests: runs {@code task} on the writer thread after what is queued (a task that waits holds the writer). */
    boolean onWriter(Runnable task) {
        return writer.execute(task);
    }

    /** For tests: waits until the writer has finished what it was doing (its batch is then written out). */
    void awaitWriter() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        if (writer.execute(done::countDown)) done.await();
    }

    /** For tests: waits until rotated files have their final names. */
    void awaitRotations() throws InterruptedException {
        writer.rotations().awaitSettled();
    }

    /** For tests: true while {@code service}'s output is dropped because it stalled for max-stall. */
    boolean overflowing(String service) {
        ServiceOutput s = services.get(service);
        return s != null && s.queue().overflowing();
    }

    /** For tests: the most {@code service} ever held at once. */
    long bufferHighWaterBytes(String service) {
        ServiceOutput s = services.get(service);
        return s == null ? 0 : s.queue().highWater();
    }

    /**
     * Stops reading every pipe (what is still in them is lost), writes what was read, closes the files and ends
     * every {@code logs} stream. The watcher is the caller's.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (ServiceOutput s : services.values()) s.closeRuns();
        resumeThread.shutdownNow();
        writer.execute(() -> {
            for (ServiceOutput s : services.values()) {
                if (s.sinks != null) s.sinks.close();
                s.sinks = null;
            }
            writer.endAllFollowers();
        });
        writer.close();
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(5, TimeUnit.SECONDS)) delivery.shutdownNow();
        } catch (InterruptedException e) {
            delivery.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
