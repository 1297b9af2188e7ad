package org.pdsup.daemon.control;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.pdsup.daemon.supervisor.Durations;
import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that sent nothing for the idle timeout while it had no request in flight and no
 * stream open. The reader-idle {@link IdleStateHandler} is in the pipeline only while the connection is not
 * busy, so a quiet stream or a long {@code wait} arms no timer (and an idle daemon with nobody connected has
 * none at all).
 */
final class IdleGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(IdleGuard.class);
    static final String TIMER_NAME = "idle-timer";

    private final Duration timeout;
    private final String addAfter;

    /** @param addAfter the handler after which the timer goes (it must see every read) */
    IdleGuard(Duration timeout, String addAfter) {
        this.timeout = timeout;
        this.addAfter = addAfter;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        update(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ConnectionState state = ConnectionState.of(ctx.channel());
            if (state == null || !state.busy()) {
                log.debug("control: closing idle connection of {}", state == null ? "?" : state.describePeer());
                ctx.writeAndFlush(Responses.error(null, ErrorCode.TIMEOUT, "no request for "
                        + Durations.format(timeout) + "; closing the idle connection")).addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        if (evt == ConnectionEvent.ACTIVITY_CHANGED) update(ctx);
        ctx.fireUserEventTriggered(evt);
    }

    private void update(ChannelHandlerContext ctx) {
        if (timeout.isZero() || !ctx.channel().isActive()) return;
        ConnectionState state = ConnectionState.of(ctx.channel());
        boolean busy = state != null && state.busy();
        ChannelPipeline p = ctx.pipeline();
        boolean armed = p.get(TIMER_NAME) != null;
        if (busy && armed) {
            p.remove(TIMER_NAME);
        } else if (!busy && !armed) {
            p.addAfter(addAfter, TIMER_NAME, new IdleStateHandler(timeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        }
    }
}
