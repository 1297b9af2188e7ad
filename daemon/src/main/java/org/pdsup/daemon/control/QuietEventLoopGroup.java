package org.pdsup.daemon.control;

import java.util.concurrent.Executor;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A one-thread NIO event-loop group whose thread sleeps in the selector without a timeout while nothing is
 * scheduled. Netty 4.2's loop otherwise wakes once a second (its "schedule purge interval") even when idle;
 * an idle daemon should not wake at all. A task scheduled or submitted later wakes the selector as usual, and
 * a scheduled task (an idle timer) still bounds the wait.
 */
public final class QuietEventLoopGroup extends MultiThreadIoEventLoopGroup {

    /** One daemon thread named {@code threadName-1-1}. */
    public QuietEventLoopGroup(String threadName) {
        super(1, new DefaultThreadFactory(threadName, true), NioIoHandler.newFactory());
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
        return new QuietLoop(this, executor, ioHandlerFactory);
    }

    private static final class QuietLoop extends SingleThreadIoEventLoop {
        QuietLoop(QuietEventLoopGroup parent, Executor executor, IoHandlerFactory factory) {
            super(parent, executor, factory);
        }

        @Override
        protected long delayNanos(long currentTimeNanos) {
            // nextScheduledTaskNano() is -1 when nothing at all is scheduled (hasScheduledTasks() would only
            // tell about tasks already due). Long.MAX_VALUE: NioIoHandler blocks in select() without a timeout.
            return nextScheduledTaskNano() < 0 ? Long.MAX_VALUE : super.delayNanos(currentTimeNanos);
        }
    }
}
