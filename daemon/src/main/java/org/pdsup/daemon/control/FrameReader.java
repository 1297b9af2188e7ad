package org.pdsup.daemon.control;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.pdsup.daemon.metrics.DaemonMetrics;
import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.FrameDecoder;
import org.pdsup.protocol.FrameSink;
import org.pdsup.protocol.FrameTooLargeException;
import org.pdsup.protocol.Responses;

/**
 * Splits the byte stream into request lines (the protocol's {@link FrameDecoder}, bounded by the frame
 * limit) and passes them on only as fast as the connection can take them: while the peer does not read its
 * responses (channel not writable) or too many requests are in flight, frames wait here and the socket is not
 * read, so a client cannot make the daemon buffer without bound. A line over the limit is answered with
 * {@code frame_too_large} and the connection is closed.
 */
final class FrameReader extends ChannelInboundHandlerAdapter {
    private final FrameDecoder decoder;
    private final DaemonMetrics metrics;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private final FrameSink sink = (data, offset, length) -> pending.addLast(Arrays.copyOfRange(data, offset, offset + length));
    private boolean closing;
    private boolean paused;

    FrameReader(int maxFrameBytes, DaemonMetrics metrics) {
        this.decoder = new FrameDecoder(maxFrameBytes);
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        long start = System.nanoTime();
        try {
            if (closing) return;
            for (ByteBuffer nio : buf.nioBuffers()) decoder.feed(nio, sink);
        } catch (FrameTooLargeException e) {
            tooLarge(ctx, start);
            return;
        } finally {
            buf.release();
        }
        emit(ctx);
    }

    private void tooLarge(ChannelHandlerContext ctx, long start) {
        closing = true;
        pending.clear();
        String message = "request line exceeds " + decoder.maxFrameBytes() + " bytes; closing the connection";
        ByteBuf out = Unpooled.buffer();
        FrameEncoder.encodeTo(Responses.error(null, ErrorCode.FRAME_TOO_LARGE, message), out);
        // written from here, below the encoder: already bytes
        metrics.controlRequest("invalid", ErrorCode.FRAME_TOO_LARGE.wire(), Duration.ofNanos(System.nanoTime() - start));
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    /** Passes on waiting frames while the connection can take them; stops reading the socket otherwise. */
    private void emit(ChannelHandlerContext ctx) {
        ConnectionState state = ConnectionState.of(ctx.channel());
        while (!pending.isEmpty() && !closing && ctx.channel().isWritable() && (state == null || state.acceptsRequests())) {
            ctx.fireChannelRead(new Frame(pending.removeFirst(), System.nanoTime()));
        }
        boolean shouldPause = !pending.isEmpty();
        if (shouldPause != paused) {
            paused = shouldPause;
            ctx.channel().config().setAutoRead(!shouldPause);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        emit(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ConnectionEvent.ACTIVITY_CHANGED) emit(ctx);
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pending.clear();
        ctx.fireChannelInactive();
    }
}
