package org.pdsup.daemon.control;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>A frame must be complete within the frame timeout of its first byte (the first frame: of the connection
 * opening); more bytes do not reset the deadline, so a client trickling one byte a second cannot hold a slot.
 * Past it the peer gets {@code timeout} and the connection is closed. While the socket is not read
 * (back-pressure) no deadline runs.
 */
final class FrameReader extends ChannelInboundHandlerAdapter {
    private final FrameDecoder decoder;
    private final DaemonMetrics metrics;
    private final Duration frameTimeout;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private int completed;
    private final FrameSink sink = (data, offset, length) -> {
        pending.addLast(Arrays.copyOfRange(data, offset, offset + length));
        completed++;
    };
    private boolean closing;
    private boolean paused;
    private boolean emitting;
    private ScheduledFuture<?> deadline;

    FrameReader(int maxFrameBytes, Duration frameTimeout, DaemonMetrics metrics) {
        this.decoder = new FrameDecoder(maxFrameBytes);
        this.frameTimeout = frameTimeout;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        long start = System.nanoTime();
        try {
            if (closing) return;
            completed = 0;
            for (ByteBuffer nio : buf.nioBuffers()) decoder.feed(nio, sink);
            // a completed frame ends its deadline; a partial one keeps the deadline its first byte set
            if (completed > 0) disarm();
            if (decoder.pendingBytes() > 0) arm(ctx);
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
        disarm();
        pending.clear();
        String message = "request line exceeds " + decoder.maxFrameBytes() + " bytes; closing the connection";
        ByteBuf out = Unpooled.buffer();
        FrameEncoder.encodeTo(Responses.error(null, ErrorCode.FRAME_TOO_LARGE, message), out);
        // written from here, below the encoder: already bytes
        metrics.controlRequest("invalid", ErrorCode.FRAME_TOO_LARGE.wire(), Duration.ofNanos(System.nanoTime() - start));
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Passes on waiting frames while the connection can take them; stops reading the socket otherwise. Not
     * re-entered: a request answered at once signals activity from inside the loop below, which re-checks
     * its conditions anyway; re-entering nested one level per pipelined request and overflowed the stack
     * (-Xss512k, as packaged) with a few hundred of them.
     */
    private void emit(ChannelHandlerContext ctx) {
        if (emitting) return;
        ConnectionState state = ConnectionState.of(ctx.channel());
        emitting = true;
        try {
            while (!pending.isEmpty() && !closing && ctx.channel().isWritable()
                    && (state == null || state.acceptsRequests())) {
                ctx.fireChannelRead(new Frame(pending.removeFirst(), System.nanoTime()));
            }
        } finally {
            emitting = false;
        }
        boolean shouldPause = !pending.isEmpty();
        if (shouldPause != paused) {
            paused = shouldPause;
            ctx.channel().config().setAutoRead(!shouldPause);
            // the peer cannot finish a frame we do not read: the deadline starts again when reading does
            if (paused) disarm();
            else if (decoder.pendingBytes() > 0) arm(ctx);
        }
    }

    /** No partial request line (and so no deadline timer) now. */
    boolean betweenFrames() {
        return deadline == null && decoder.pendingBytes() == 0;
    }

    private void arm(ChannelHandlerContext ctx) {
        if (deadline != null || paused || closing) return;
        deadline = ctx.executor().schedule(() -> expired(ctx), frameTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expired(ChannelHandlerContext ctx) {
        deadline = null;
        if (closing || !ctx.channel().isActive()) return;
        closing = true;
        pending.clear();
        ConnectionState state = ConnectionState.of(ctx.channel());
        String message = "no complete request line within " + describe(frameTimeout) + "; closing the connection";
        org.slf4j.LoggerFactory.getLogger(FrameReader.class).warn("control: closed the connection of {}: {}",
                state == null ? "?" : state.describePeer(), message);
        ByteBuf out = Unpooled.buffer();
        FrameEncoder.encodeTo(Responses.error(null, ErrorCode.TIMEOUT, message), out);
        metrics.controlRequest("invalid", ErrorCode.TIMEOUT.wire(), frameTimeout);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
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
        disarm();
        pending.clear();
        ctx.fireChannelInactive();
    }
}
