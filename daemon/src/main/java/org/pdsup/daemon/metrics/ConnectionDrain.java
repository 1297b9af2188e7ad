package org.pdsup.daemon.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;

/**
 * The metrics endpoint's connections during a live re-exec (docs/architecture.md, "Live re-exec"): once the
 * listener stops accepting, an idle kept-alive connection is closed at once, a new one or one with a request under
 * way after its answer is written, so no scrape is cut by the exec; new connections wait in the listener's backlog for
 * the next program. Sits between the HTTP codec and the aggregator: it sees requests begin and answers end.
 */
@ChannelHandler.Sharable
final class ConnectionDrain extends ChannelDuplexHandler {
    private static final AttributeKey<Boolean> BUSY = AttributeKey.valueOf("pdsup.metrics.busy");

    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    /** A new connection (its pipeline being set up): under way until its first answer, as its request comes. */
    void track(Channel ch) {
        ch.attr(BUSY).set(Boolean.TRUE);
        open.add(ch);
        ch.closeFuture().addListener(f -> open.remove(ch));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.channel().attr(BUSY).set(Boolean.TRUE);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent) {
            promise.addListener(f -> {
                ctx.channel().attr(BUSY).set(Boolean.FALSE);
                if (draining) ctx.close();
            });
        }
        ctx.write(msg, promise);
    }

    /** Closes every idle connection; the others close once answered. */
    void begin() {
        draining = true;
        for (Channel ch : open) {
            ch.eventLoop().execute(() -> {
                if (!Boolean.TRUE.equals(ch.attr(BUSY).get())) ch.close();
            });
        }
    }

    /** The re-exec did not happen: connections are kept open again. */
    void end() {
        draining = false;
    }

    /** Waits until every connection is closed, at most {@code bound}; returns how many are still open. */
    int awaitClosed(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        for (ChannelFuture f : List.copyOf(open).stream().map(Channel::closeFuture).toList()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !f.awaitUninterruptibly(left / 1_000_000)) break;
        }
        return open.size();
    }
}
