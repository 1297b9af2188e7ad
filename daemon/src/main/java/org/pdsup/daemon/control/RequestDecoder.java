package org.pdsup.daemon.control;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.ProtocolException;
import org.pdsup.protocol.RequestParser;

/** Parses and validates each frame into an {@link Incoming} request, or an {@link InvalidRequest}. */
@ChannelHandler.Sharable
final class RequestDecoder extends ChannelInboundHandlerAdapter {
    private final RequestParser parser = new RequestParser();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Frame f = (Frame) msg;
        try {
            ctx.fireChannelRead(new Incoming(parser.parse(f.bytes(), 0, f.bytes().length), f.startNanos()));
        } catch (ProtocolException e) {
            String op = e.code() == ErrorCode.UNKNOWN_OP ? "unknown" : "invalid";
            ctx.fireChannelRead(new InvalidRequest(e, op, f.startNanos()));
        }
    }
}
