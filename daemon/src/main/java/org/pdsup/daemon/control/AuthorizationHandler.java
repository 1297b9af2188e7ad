package org.pdsup.daemon.control;

import java.time.Duration;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
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
 * Answers {@code forbidden} (logging who asked for what) to any request the connection's {@link Role} does not
 * allow. The connection stays open: a reader may go on with read-only requests. (A peer with no role never gets
 * this far.) The role is the one {@link ConnectionLimiter} decided when the connection opened, until a reload
 * changes the roles: then the next request is judged by the new ones ({@link #recheck}), and a connection whose
 * user has no role left is told so and closed.
 */
@ChannelHandler.Sharable
final class AuthorizationHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AuthorizationHandler.class);

    private final Supplier<ControlPolicy> policy;
    private final DaemonMetrics metrics;

    AuthorizationHandler(Supplier<ControlPolicy> policy, DaemonMetrics metrics) {
        this.policy = policy;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ConnectionState state = ConnectionState.of(ctx.channel());
        if (msg instanceof Incoming && state != null) {
            Incoming in = (Incoming) msg;
            Op op = in.request().op();
            if (!recheck(ctx.channel(), policy.get(), in.request().id())) {
                metrics.controlRequest(op.wire(), ErrorCode.FORBIDDEN.wire(), Duration.ofNanos(System.nanoTime() - in.startNanos()));
                return;
            }
            if (!state.role.allows(op.access())) {
                log.warn("control: refused '{}' for {}: role {}", op.wire(), state.describePeer(), state.role.name().toLowerCase());
                metrics.controlRequest(op.wire(), ErrorCode.FORBIDDEN.wire(), Duration.ofNanos(System.nanoTime() - in.startNanos()));
                ctx.writeAndFlush(Responses.error(in.request().id(), ErrorCode.FORBIDDEN, message(state, op)));
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * Event loop of {@code ch}: when the roles changed since the connection's role was decided, decides it again
     * from {@code now}; a peer left with no role gets one {@code forbidden} frame and the connection is closed.
     *
     * @param requestId the request being judged, or null (a reload's sweep over every connection)
     * @return whether the connection may go on
     */
    static boolean recheck(Channel ch, ControlPolicy now, Long requestId) {
        ConnectionState state = ConnectionState.of(ch);
        if (state == null || !ch.isActive() || state.revoked) return false;
        if (state.decidedBy != now.authorizer()) {
            Role before = state.role;
            state.role = now.authorizer().roleOf(state.peer);
            state.decidedBy = now.authorizer();
            if (state.role != before) {
                log.info("control: {} is now {} (was {}) after a reload", state.describePeer(),
                        state.role.name().toLowerCase(), before.name().toLowerCase());
            }
        }
        if (state.role != Role.NONE) return true;
        state.revoked = true;
        log.warn("control: closing the connection of {}: no role left after a reload", state.describePeer());
        String who = state.peer.known() ? "user " + state.peer.user() : "this peer";
        ch.writeAndFlush(Responses.error(requestId, ErrorCode.FORBIDDEN, who + " is no longer an admin or a reader of"
                + " this pdsupd (the configuration was reloaded; see control.admins and control.readers in"
                + " pdsupd.conf); closing the connection")).addListener(ChannelFutureListener.CLOSE);
        return false;
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
