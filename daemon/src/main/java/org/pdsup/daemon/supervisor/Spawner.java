package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;
import org.pdsup.procdesc.StartedSpawn;
import org.pdsup.procdesc.posix.NativeHeap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs spawns off the supervisor thread. A spawn blocks until the exec helper has started, handed over the
 * descriptor and the service has exec'd (about 1.5 ms on an idle 2-core machine, more under load); done on the
 * supervisor thread, every exit and request behind it waited that long, and a cold start of 1,000 services was
 * one spawn after another. Here a few threads spawn side by side and post each result back to the loop, which
 * alone touches service state.
 *
 * <p>The threads live exactly as long as the daemon: in the Linux backend's direct spawn mode the kernel ties a
 * service's parent-death signal to the thread that spawned it. Idle threads wait in the kernel; nothing wakes
 * them but work.
 */
final class Spawner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spawner.class);

    /**
     * Spawns in flight at once. A spawn mostly waits for two execs (helper, service), so a few threads keep two
     * cores busy: 1,000 spawns from 2 threads took 1.44 ms each, from 3 to 8 threads 1.25 ms each, against a
     * spawn latency of 1.37 ms from one thread (docs/benchmarks.md, "Spawning off the supervisor thread").
     */
    static final int THREADS = 4;

    /**
     * How long after the spawner first runs out of work the C heap is trimmed, once ({@link NativeHeap#trim()}):
     * glibc keeps what the burst of starts freed (2 to 13 MiB after 1,000 services), much of it freed only
     * after the last start (the JIT's arenas, native buffers collected by the GC), so a trim at the end of
     * the start came too early; 3 s after left about 0.5 MiB for a second trim (docs/benchmarks.md, "The spawn
     * path and memory"). Later, and the one trim (about 1 ms of CPU) fell into the bench's idle window.
     */
    static final Duration TRIM_AFTER_FIRST_IDLE = Duration.ofSeconds(3);

    /** Where a spawn's outcome goes; called on the supervisor thread. */
    interface Landing {
        void spawned(ProcessDescriptor pd, Duration took);

        void failed(Exception error, Duration took);
    }

    private final ProcessDescriptors procdesc;
    private final SupervisorLoop loop;
    private final ThreadPoolExecutor threads;
    private final Object gate = new Object();
    private boolean paused;
    private int inFlight;
    private final List<Runnable> held = new ArrayList<>();
    private CompletableFuture<Void> idle;
    private boolean trimScheduled;

    Spawner(ProcessDescriptors procdesc, SupervisorLoop loop, int threadCount) {
        this.procdesc = procdesc;
        this.loop = loop;
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "pdsupd-spawner-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Spawns {@code spec}; {@code landing} is then called on the supervisor thread. A spawn asked on the supervisor
     * thread while no other is in flight begins there ({@link ProcessDescriptors#startQuickly}: the fork server's
     * exchange, about 0.2 ms, bounded) and only its wait for the exec goes to a spawner thread: a restart then
     * reaches its exec without waking a spawner thread first, and without waiting behind the announcement of the
     * exit that the supervisor thread makes next. Any other spawn runs whole on a spawner thread.
     */
    void submit(SpawnSpec spec, Landing landing) {
        boolean quick;
        synchronized (gate) {
            if (paused) {
                held.add(job(spec, landing));
                return;
            }
            quick = inFlight == 0 && loop.inLoop();
            inFlight++;
        }
        if (quick) {
            long t0 = System.nanoTime();
            StartedSpawn started;
            try {
                started = procdesc.startQuickly(spec);
            } catch (SpawnException | RuntimeException e) {
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                counted(() -> post(() -> landing.failed(e, took), null)).run();
                return;
            }
            if (started != null) {
                Runnable finish = counted(() -> land(landing, t0, started::finish));
                try {
                    threads.execute(finish);
                } catch (RejectedExecutionException e) {
                    finish.run(); // closed: the landing's post fails and closes the descriptor
                }
                return;
            }
        }
        threads.execute(job(spec, landing));
    }

    /**
     * Live re-exec: spawns asked from now on wait; completes once no spawn is in flight (each landing has then been
     * posted to the loop, ahead of whatever the caller posts next).
     */
    CompletableFuture<Void> pause() {
        synchronized (gate) {
            paused = true;
            return whenIdle();
        }
    }

    /** Any thread: completes once no spawn is in flight (at once when none is, else when the last one ends). */
    CompletableFuture<Void> whenIdle() {
        synchronized (gate) {
            if (inFlight == 0) return CompletableFuture.completedFuture(null);
            if (idle == null) idle = new CompletableFuture<>();
            return idle;
        }
    }

    /** The exec failed: run the spawns that waited. */
    void resume() {
        List<Runnable> jobs;
        synchronized (gate) {
            paused = false;
            jobs = new ArrayList<>(held);
            held.clear();
            inFlight += jobs.size();
        }
        jobs.forEach(threads::execute);
    }

    private Runnable job(SpawnSpec spec, Landing landing) {
        return counted(() -> land(landing, System.nanoTime(), () -> procdesc.spawn(spec)));
    }

    /** {@code spawn} with the in-flight count taken down after it. */
    private Runnable counted(Runnable spawn) {
        return () -> {
            try {
                spawn.run();
            } finally {
                CompletableFuture<Void> done = null;
                boolean trim = false;
                synchronized (gate) {
                    if (--inFlight == 0 && idle != null) {
                        done = idle;
                        idle = null;
                    }
                    if (inFlight == 0 && !trimScheduled) {
                        trimScheduled = true;
                        trim = true;
                    }
                }
                if (done != null) done.complete(null);
                if (trim) scheduleTrim();
            }
        };
    }

    /** What ends a spawn on a spawner thread: the whole spawn, or the wait for the exec of a begun one. */
    private interface Completion {
        ProcessDescriptor run() throws SpawnException;
    }

    /** Runs {@code completion} and posts its landing; {@code t0} is when the spawn began. */
    private void land(Landing landing, long t0, Completion completion) {
        ProcessDescriptor pd;
        try {
            pd = completion.run();
        } catch (SpawnException | RuntimeException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            post(() -> landing.failed(e, took), null);
            return;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        post(() -> landing.spawned(pd, took), pd);
    }

    private void scheduleTrim() {
        try {
            loop.schedule(TRIM_AFTER_FIRST_IDLE, () -> {
                if (NativeHeap.trim()) LOG.info("returned the C heap's free pages to the system after the start");
            });
        } catch (RejectedExecutionException e) {
            // the supervisor has ended
        }
    }

    private void post(Runnable result, ProcessDescriptor pd) {
        try {
            loop.post(result);
        } catch (RejectedExecutionException e) {
            // The supervisor has already ended: nobody will supervise this process.
            if (pd != null) {
                LOG.warn("process {} was spawned after the supervisor ended; closing its descriptor", pd.pid());
                pd.close();
            }
        }
    }

    @Override
    public void close() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) threads.shutdownNow();
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
