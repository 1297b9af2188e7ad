package org.pdsup.daemon.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.pdsup.daemon.metrics.DaemonMetrics;
import org.pdsup.protocol.Access;
import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.Op;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out each authorised request of one connection and writes its answer; reports every request to
 * {@link DaemonMetrics#controlRequest}. Requests run concurrently (a pending {@code wait} does not hold up a
 * {@code status}); answers carry the request's id. Not sharable: one per connection.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private final Operations operations;
    private final Streams streams;
    private final ControlBackend backend;
    private final ServerState server;
    private final DaemonMetrics metrics;

    RequestDispatcher(Operations operations, Streams streams, ControlBackend backend, ServerState server,
                      DaemonMetrics metrics) {
        this.operations = operations;
        this.streams = streams;
        this.backend = backend;
        this.server = server;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof InvalidRequest) {
            InvalidRequest bad = (InvalidRequest) msg;
            metrics.controlRequest(bad.metricOp(), bad.error().code().wire(), since(bad.startNanos()));
            ctx.writeAndFlush(Responses.error(bad.error().requestId(), bad.error().code(), bad.error().getMessage()));
            return;
        }
        if (!(msg instanceof Incoming)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Incoming in = (Incoming) msg;
        Request r = in.request();
        ConnectionState state = ConnectionState.of(ctx.channel());
        state.requestStarted();
        if (server.shuttingDown() && r.op().access() == Access.ADMIN) {
            complete(ctx, in, Responses.error(r.id(), ErrorCode.SHUTTING_DOWN, "pdsupd is shutting down"));
            return;
        }
        if (server.restarting() && r.op() != Op.HELLO && r.op() != Op.VERSION) {
            complete(ctx, in, Responses.error(r.id(), ErrorCode.RESTARTING,
                    "pdsupd is re-executing itself; connect again, it answers on the same socket in a moment"));
            return;
        }
        switch (r.op()) {
            case REEXEC:
                reexec(ctx, in, state);
                return;
            case SHUTDOWN:
                shutdown(ctx, in, state);
                return;
            case EVENTS:
                streams.events(ctx, state, r, frame -> complete(ctx, in, frame));
                return;
            case LOGS:
                streams.logs(ctx, state, r, frame -> complete(ctx, in, frame), operations);
                return;
            default:
                operations.run(r).whenComplete((frame, error) -> {
                    Map<String, Object> answer = error == null ? frame : Errors.frame(r.id(), r.op().wire(), error);
                    if (ctx.executor().inEventLoop()) complete(ctx, in, answer);
                    else ctx.executor().execute(() -> complete(ctx, in, answer));
                });
        }
    }

    /** Answers once the checks passed, then hands over and execs; a refusal is an error frame saying why. */
    private void reexec(ChannelHandlerContext ctx, Incoming in, ConnectionState state) {
        log.info("control: re-exec requested by {}", state.describePeer());
        backend.reexec().whenComplete((proceed, error) -> ctx.executor().execute(() -> {
            if (error != null) {
                complete(ctx, in, Errors.frame(in.request().id(), in.request().op().wire(), error));
                return;
            }
            Map<String, Object> ack = Responses.ok(in.request().id());
            ack.put("restarting", Boolean.TRUE);
            metrics.controlRequest(in.request().op().wire(), "ok", since(in.startNanos()));
            // answered, then this connection closes: the requester reconnects to the new program
            ctx.writeAndFlush(ack).addListener(f -> {
                proceed.run();
                ctx.close();
            });
            ConnectionState.of(ctx.channel()).requestDone();
        }));
    }

    private void shutdown(ChannelHandlerContext ctx, Incoming in, ConnectionState state) {
        if (!server.beginShutdown()) {
            complete(ctx, in, Responses.error(in.request().id(), ErrorCode.SHUTTING_DOWN, "pdsupd is already shutting down"));
            return;
        }
        log.info("control: shutdown requested by {}", state.describePeer());
        Map<String, Object> ack = Responses.ok(in.request().id());
        ack.put("shutting_down", Boolean.TRUE);
        // answer first: the shutdown ends with this server closing every connection
        metrics.controlRequest(in.request().op().wire(), "ok", since(in.startNanos()));
        ctx.writeAndFlush(ack).addListener(f -> backend.shutdown().whenComplete((v, e) -> {
            if (e != null) log.warn("control: shutdown failed", Errors.unwrap(e));
        }));
        state.requestDone();
        ctx.pipeline().fireUserEventTriggered(ConnectionEvent.ACTIVITY_CHANGED);
    }

    /** Event loop: writes the answer, counts it, and lets the next frames in. */
    private void complete(ChannelHandlerContext ctx, Incoming in, Map<String, Object> frame) {
        Request r = in.request();
        if (r.op() == Op.HELLO && Boolean.TRUE.equals(frame.get("ok"))) {
            ConnectionState.of(ctx.channel()).client = r.client();
        }
        metrics.controlRequest(r.op().wire(), Errors.outcome(frame), since(in.startNanos()));
        // what this connection's other streams already hold goes first (their frames wait up to
        // StreamRelay.GATHER_MICROS): pdctl stop shows the service's last transition, then the answer
        for (StreamRelay<?> relay : new ArrayList<>(ConnectionState.of(ctx.channel()).streams())) {
            if (relay.id() != r.id()) relay.drain();
        }
        ctx.writeAndFlush(frame);
        ConnectionState.of(ctx.channel()).requestDone();
        ctx.pipeline().fireUserEventTriggered(ConnectionEvent.ACTIVITY_CHANGED);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ConnectionState state = ConnectionState.of(ctx.channel());
        if (state != null && ctx.channel().isWritable()) {
            for (StreamRelay<?> relay : new ArrayList<>(state.streams())) relay.drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ConnectionState state = ConnectionState.of(ctx.channel());
        if (state != null) {
            for (StreamRelay<?> relay : new ArrayList<>(state.streams())) relay.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt != ConnectionEvent.ACTIVITY_CHANGED) ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("control: connection error, closing: {}", cause.toString());
        ctx.close();
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
