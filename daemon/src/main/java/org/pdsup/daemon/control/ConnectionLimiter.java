package org.pdsup.daemon.control;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.pdsup.daemon.metrics.DaemonMetrics;
import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts connections; one over the limit gets a {@code too_many_connections} error frame and is closed
 * before anything else sees it. Also keeps the set of open connections, so the server can close them on stop.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final AttributeKey<Boolean> REJECTED = AttributeKey.valueOf(ConnectionLimiter.class, "rejected");

    private final int max;
    private final DaemonMetrics metrics;
    private final AtomicInteger count = new AtomicInteger();
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();

    ConnectionLimiter(int max, DaemonMetrics metrics) {
        this.max = max;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        int n = count.incrementAndGet();
        open.add(ch);
        if (n > max) {
            ch.attr(REJECTED).set(Boolean.TRUE);
            log.warn("control: refused a connection from {}: {} connections open (limit {})",
                    PeerCredentials.of(ch), n - 1, max);
            ByteBuf out = Unpooled.buffer();
            FrameEncoder.encodeTo(Responses.error(null, ErrorCode.TOO_MANY_CONNECTIONS,
                    "too many control connections (limit " + max + "); try again later"), out);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            metrics.controlRequest("connect", ErrorCode.TOO_MANY_CONNECTIONS.wire(), Duration.ZERO);
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        count.decrementAndGet();
        open.remove(ctx.channel());
        if (!rejected(ctx)) ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected(ctx)) ReferenceCountUtil.release(msg);
        else ctx.fireChannelRead(msg);
    }

    private static boolean rejected(ChannelHandlerContext ctx) {
        return Boolean.TRUE.equals(ctx.channel().attr(REJECTED).get());
    }

    int connections() {
        return count.get();
    }

    Set<Channel> openChannels() {
        return open;
    }
}
