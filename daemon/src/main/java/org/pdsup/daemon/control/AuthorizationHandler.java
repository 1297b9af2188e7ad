package org.pdsup.daemon.control;

import java.time.Duration;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.pdsup.daemon.metrics.DaemonMetrics;
import org.pdsup.protocol.Access;
import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.Op;
import org.pdsup.protocol.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code forbidden} (logging who asked for what) to any request the connection's {@link Role} (decided
 * by {@link ConnectionLimiter} when it opened) does not allow. The connection stays open: a reader may go on
 * with read-only requests. (A peer with no role never gets this far.)
 */
@ChannelHandler.Sharable
final class AuthorizationHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AuthorizationHandler.class);

    private final Authorizer authorizer;
    private final DaemonMetrics metrics;

    AuthorizationHandler(Authorizer authorizer, DaemonMetrics metrics) {
        this.authorizer = authorizer;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ConnectionState state = ConnectionState.of(ctx.channel());
        if (msg instanceof Incoming && state != null) {
            Incoming in = (Incoming) msg;
            Op op = in.request().op();
            if (!state.role.allows(op.access())) {
                log.warn("control: refused '{}' for {}: role {}", op.wire(), state.describePeer(), state.role.name().toLowerCase());
                metrics.controlRequest(op.wire(), ErrorCode.FORBIDDEN.wire(), Duration.ofNanos(System.nanoTime() - in.startNanos()));
                ctx.writeAndFlush(Responses.error(in.request().id(), ErrorCode.FORBIDDEN, message(state, op)));
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private static String message(ConnectionState state, Op op) {
        String who = state.peer.known() ? "user " + state.peer.user() : "this peer (credentials unreadable)";
        if (state.role == Role.NONE) {
            return who + " is neither an admin nor a reader of this pdsupd (see control.admins and control.readers"
                    + " in pdsupd.conf)";
        }
        return who + " is a reader; '" + op.wire() + "' needs an admin"
                + (op.access() == Access.ADMIN ? " (control.admins in pdsupd.conf)" : "");
    }
}
