package org.pdsup.daemon.output;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Everything output capture keeps for one service: its queue to the writer, its runs still reading, its
 * dropped-bytes count, and (writer thread only) its open files. A forgotten service is retired (files
 * closed) once its last run is done.
 */
final class ServiceOutput {
    private final String name;
    private final AtomicLong dropped = new AtomicLong();
    private final ServiceQueue queue;
    private final Set<PipeRun> runs = new HashSet<>();
    private OutputSettings settings;
    private boolean forgotten;
    private boolean retired;
    /** Writer thread only. */
    ServiceSinks sinks;

    /** @param stallTimer runs max-stall deadlines ({@code overflow = block}); null: the service's output only drops */
    ServiceOutput(String name, OutputSettings settings, MemoryBudget budget, Consumer<ServiceOutput> scheduler,
                  ScheduledExecutorService stallTimer) {
        this.name = name;
        this.queue = new ServiceQueue(name, settings.bufferBytes(), budget, dropped, q -> scheduler.accept(this),
                stallTimer);
    }

    ServiceOutput(String name, OutputSettings settings, MemoryBudget budget, Consumer<ServiceOutput> scheduler) {
        this(name, settings, budget, scheduler, null);
    }

    String name() {
        return name;
    }

    ServiceQueue queue() {
        return queue;
    }

    /** Output of this service dropped so far (buffer full or write failed), in bytes. */
    long droppedBytes() {
        return dropped.get();
    }

    AtomicLong droppedCounter() {
        return dropped;
    }

    /** Makes {@code s} the settings of what is read from now on; false if this service is already retired. */
    synchronized boolean configure(OutputSettings s) {
        if (retired) return false;
        forgotten = false;
        if (!s.equals(settings)) {
            settings = s;
            queue.setLimit(s.bufferBytes());
            queue.setOverflow(s.blockWhenFull(), s.maxStallMillis());
            queue.control(new QueueEntry.Configure(s));
        }
        return true;
    }

    synchronized OutputSettings settings() {
        return settings;
    }

    void addRun(PipeRun run) {
        synchronized (this) {
            if (!run.finished()) runs.add(run);
        }
    }

    synchronized boolean isForgotten() {
        return forgotten;
    }

    synchronized boolean isRetired() {
        return retired;
    }

    /** A run closed its last pipe. */
    void runFinished(PipeRun run) {
        boolean retire;
        synchronized (this) {
            runs.remove(run);
            retire = forgotten && runs.isEmpty() && !retired;
            if (retire) retired = true;
        }
        if (retire) queue.control(new QueueEntry.Retire());
    }

    /**
     * The service was removed: runs whose exit has been flushed stop reading now (a descendant holding the pipe
     * no longer keeps the files open); the others when their exit is flushed. Retires when none is left.
     */
    void forget() {
        List<PipeRun> done = new ArrayList<>();
        boolean retire;
        synchronized (this) {
            if (retired) return;
            forgotten = true;
            for (PipeRun r : runs) if (r.flushedAfterExit()) done.add(r);
            retire = runs.isEmpty();
            if (retire) retired = true;
        }
        for (PipeRun r : done) r.close();
        if (retire) queue.control(new QueueEntry.Retire());
    }

    /** Closes every run's pipes (capture shutting down). */
    void closeRuns() {
        List<PipeRun> all;
        synchronized (this) {
            all = new ArrayList<>(runs);
        }
        for (PipeRun r : all) r.close();
    }
}
