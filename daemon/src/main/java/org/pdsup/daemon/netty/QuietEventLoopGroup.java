package org.pdsup.daemon.netty;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.RejectedExecutionHandlers;

/**
 * A Netty 4.2 event loop group whose loops sleep until there is I/O or a scheduled task, instead of waking
 * once a second.
 *
 * <p>Why: with no scheduled task, {@code SingleThreadEventExecutor.delayNanos} returns
 * {@code SCHEDULE_PURGE_INTERVAL} (one second, to purge cancelled scheduled tasks), and {@code NioIoHandler}
 * turns that into {@code select(1000)}: an idle daemon's event loop wakes every second (measured here:
 * one context switch per second per loop). Cancelled tasks are removed from the queue by Netty when
 * cancelled, so with an empty queue there is nothing to purge; these loops answer {@code Long.MAX_VALUE}
 * then, which {@code NioIoHandler.select} treats as "block until woken" ({@code Selector.select()}).
 * With a scheduled task the delay is Netty's own.
 *
 * <p>The longest a loop runs queued tasks before it looks at its sockets again can be set (Netty's default is
 * one second, {@code io.netty.eventLoop.maxTaskProcessingQuantumMs}): the control server's loop takes a new
 * request within a few milliseconds even while stream frames keep its task queue full.
 */
public final class QuietEventLoopGroup extends MultiThreadIoEventLoopGroup {
    /** Netty's default task quantum. */
    private static final long DEFAULT_QUANTUM = 0;

    public QuietEventLoopGroup(int threads, ThreadFactory threadFactory, IoHandlerFactory ioHandlerFactory) {
        this(threads, threadFactory, ioHandlerFactory, DEFAULT_QUANTUM);
    }

    /**
     * @param taskQuantumMillis the longest the loop runs queued tasks between two looks at its sockets; 0 for
     *                          Netty's default
     */
    public QuietEventLoopGroup(int threads, ThreadFactory threadFactory, IoHandlerFactory ioHandlerFactory,
                               long taskQuantumMillis) {
        super(threads, threadFactory, ioHandlerFactory, taskQuantumMillis);
    }

    /** One NIO daemon thread named {@code threadName-1-1}: what the metrics server uses. */
    public QuietEventLoopGroup(String threadName) {
        this(threadName, DEFAULT_QUANTUM);
    }

    /** One NIO daemon thread named {@code threadName-1-1} with the given task quantum (the control server's). */
    public QuietEventLoopGroup(String threadName, long taskQuantumMillis) {
        this(1, new io.netty.util.concurrent.DefaultThreadFactory(threadName, true),
                io.netty.channel.nio.NioIoHandler.newFactory(), taskQuantumMillis);
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
        return new QuietEventLoop(this, executor, ioHandlerFactory, (Long) args[0]);
    }

    /** One loop of the group. */
    static final class QuietEventLoop extends SingleThreadIoEventLoop {
        QuietEventLoop(IoEventLoopGroup parent, Executor executor, IoHandlerFactory ioHandlerFactory,
                       long taskQuantumMillis) {
            super(parent, executor, ioHandlerFactory, Integer.MAX_VALUE, RejectedExecutionHandlers.reject(),
                    taskQuantumMillis);
        }

        @Override
        protected long delayNanos(long currentTimeNanos) {
            return nextScheduledTaskNano() < 0 ? Long.MAX_VALUE : super.delayNanos(currentTimeNanos);
        }
    }
}
