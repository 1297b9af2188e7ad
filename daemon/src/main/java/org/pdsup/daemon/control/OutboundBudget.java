package org.pdsup.daemon.control;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every encoded byte written to a connection until the socket has taken it, against the connection's
 * {@link ByteBudget} (and through it the server's). Streams stop producing at Netty's write-buffer high water
 * mark, and requests are not read while the connection is not writable, so a reader that keeps up never comes
 * near the limit; one that does not read its answers reaches it and is cut off: the write fails and the
 * connection is closed. A connection with nothing unsent may always write one frame, however large (a
 * {@code status} of many services). An admin's answers are refused only for the admin's own connection limit,
 * never because readers hold the server's budget.
 */
@ChannelHandler.Sharable
final class OutboundBudget extends ChannelOutboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(OutboundBudget.class);

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ConnectionState state = ConnectionState.of(ctx.channel());
        if (!(msg instanceof ByteBuf) || state == null) {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf buf = (ByteBuf) msg;
        int n = buf.readableBytes();
        ByteBudget unsent = state.unsent;
        boolean ok;
        if (unsent.used() == 0) {
            unsent.force(n);
            ok = true;
        } else {
            ok = state.role == Role.ADMIN ? unsent.tryReserveOverParent(n) : unsent.tryReserve(n);
        }
        if (!ok) {
            ReferenceCountUtil.release(buf);
            promise.tryFailure(new IllegalStateException("control connection buffer full"));
            if (!state.cutOff) {
                state.cutOff = true;
                log.warn("control: cut off {}: it does not read its answers ({} bytes unsent, limit {} per connection)",
                        state.describePeer(), unsent.used(), unsent.limit());
                ctx.close();
            }
            return;
        }
        ChannelPromise counted = promise.unvoid();
        counted.addListener(f -> unsent.release(n));
        ctx.write(buf, counted);
    }
}
