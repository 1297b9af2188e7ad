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
 * Reads the peer's credentials when a connection opens, decides its {@link Role}, and answers
 * {@code forbidden} (logging who asked for what) to any request the role does not allow. The connection
 * stays open.
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
    public void channelActive(ChannelHandlerContext ctx) {
        PeerIdentity peer = PeerCredentials.of(ctx.channel());
        Role role = authorizer.roleOf(peer);
        ctx.channel().attr(ConnectionState.KEY).set(new ConnectionState(peer, role));
        log.debug("control: connection from {}: role {}", peer, role);
        ctx.fireChannelActive();
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
