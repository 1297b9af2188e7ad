package org.pdsup.daemon.netty;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;

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
 */
public final class QuietEventLoopGroup extends MultiThreadIoEventLoopGroup {

    public QuietEventLoopGroup(int threads, ThreadFactory threadFactory, IoHandlerFactory ioHandlerFactory) {
        super(threads, threadFactory, ioHandlerFactory);
    }

    /** One NIO daemon thread named {@code threadName-1-1}: what the control and metrics servers use. */
    public QuietEventLoopGroup(String threadName) {
        this(1, new io.netty.util.concurrent.DefaultThreadFactory(threadName, true),
                io.netty.channel.nio.NioIoHandler.newFactory());
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
        return new QuietEventLoop(this, executor, ioHandlerFactory);
    }

    /** One loop of the group. */
    static final class QuietEventLoop extends SingleThreadIoEventLoop {
        QuietEventLoop(IoEventLoopGroup parent, Executor executor, IoHandlerFactory ioHandlerFactory) {
            super(parent, executor, ioHandlerFactory);
        }

        @Override
        protected long delayNanos(long currentTimeNanos) {
            return nextScheduledTaskNano() < 0 ? Long.MAX_VALUE : super.delayNanos(currentTimeNanos);
        }
    }
}
