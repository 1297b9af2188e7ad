package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns all service state. Other threads only {@link #post} work to it; timers (backoff,
 * stop timeouts, readiness delays) are one-shot tasks on the same thread. When nothing is due the thread
 * sleeps in the kernel: there is no periodic wake-up.
 *
 * <p>Spawns do not happen here: they wait for two execs, so {@link Spawner} threads run them and post the
 * result back (see {@link ServiceMachine}).
 */
public final class SupervisorLoop implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorLoop.class);

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;
    /** Runs after a task when no other task is due now: the end of a burst of work. Supervisor thread. */
    private volatile Runnable idleHook;

    public SupervisorLoop() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pdsupd-supervisor");
            t.setDaemon(false);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.prestartCoreThread();
    }

    /** Runs {@code task} on the supervisor thread, after everything posted before it. */
    public void post(Runnable task) {
        executor.execute(guarded(task));
    }

    /** Runs {@code task} on the supervisor thread; the future completes with its result or its exception. */
    public <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        executor.execute(guarded(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        }));
        return f;
    }

    @Override
    public void execute(Runnable task) {
        post(task);
    }

    /** Runs {@code task} on the supervisor thread after {@code delay}; cancel the returned future to drop it. */
    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    /**
     * {@code hook} runs on this thread after a task whenever no other task is due at that moment (timers due
     * later do not count): what a burst of work produced can go out then, gathered, and no sooner. One hook.
     */
    public void onIdle(Runnable hook) {
        idleHook = hook;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Throws if called from another thread: every state mutation must be confined to the loop. */
    public void assertInLoop() {
        if (!inLoop()) throw new IllegalStateException("not on the supervisor thread: " + Thread.currentThread());
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("supervisor task failed; the supervisor keeps running", t);
            }
            Runnable hook = idleHook;
            if (hook != null && nothingDue()) {
                try {
                    hook.run();
                } catch (Throwable t) {
                    LOG.error("supervisor idle hook failed; the supervisor keeps running", t);
                }
            }
        };
    }

    /** No task waits to run now (the queue is empty, or its first task is a timer due later). */
    private boolean nothingDue() {
        Runnable head = executor.getQueue().peek();
        return head == null
                || head instanceof RunnableScheduledFuture<?> f && f.getDelay(TimeUnit.NANOSECONDS) > 0;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
