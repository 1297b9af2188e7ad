package org.pdsup.daemon.control;

import java.time.Duration;
import java.util.Map;
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
import org.pdsup.config.ControlLimits;
import org.pdsup.daemon.metrics.DaemonMetrics;
import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits connections, first in the pipeline: reads the peer's credentials and decides its {@link Role}, then
 * refuses (one error frame, then close, before anything else sees the connection)
 * <ul>
 *   <li>a peer with no role: {@code forbidden} (it could do nothing but hold a slot);</li>
 *   <li>a non-admin when only the {@code admin-reserved-connections} slots are left, or when its user already
 *       holds {@code max-connections-per-user}: {@code too_many_connections};</li>
 *   <li>anyone beyond {@code max-connections}: {@code too_many_connections}.</li>
 * </ul>
 * So no local user can lock an admin out. Also keeps the set of open connections, so the server can close
 * them on stop. Connections open and close on three loops (requests', admins', followers'): the counts are
 * atomic. The per-user count is checked and then raised, not atomically: all non-admins are admitted on the
 * requests' loop, so only their closing (on any loop) races with it, and that only lowers the count.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final AttributeKey<Boolean> ADMITTED = AttributeKey.valueOf(ConnectionLimiter.class, "admitted");

    private final java.util.function.Supplier<ControlPolicy> policy;
    private final DaemonMetrics metrics;
    private final AtomicInteger admitted = new AtomicInteger();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final AtomicInteger nonAdmins = new AtomicInteger();
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private final ByteBudget serverBudget;

    /** @param policy the settings and roles in force now (a reload replaces them) */
    ConnectionLimiter(java.util.function.Supplier<ControlPolicy> policy, ByteBudget serverBudget, DaemonMetrics metrics) {
        this.policy = policy;
        this.serverBudget = serverBudget;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        open.add(ch);
        PeerIdentity peer = PeerCredentials.of(ch);
        ControlPolicy now = policy.get();
        Role role = now.authorizer().roleOf(peer);
        ControlLimits limits = now.settings().limits();
        ConnectionState state = new ConnectionState(peer, role, now.authorizer(), limits.connectionBufferBytes(),
                serverBudget);
        ch.attr(ConnectionState.KEY).set(state);
        String refusal = admit(peer, role, now.settings().maxConnections(), limits);
        if (refusal != null) {
            ErrorCode code = role == Role.NONE ? ErrorCode.FORBIDDEN : ErrorCode.TOO_MANY_CONNECTIONS;
            log.warn("control: refused a connection from {}: {}", peer, refusal);
            ByteBuf out = Unpooled.buffer();
            FrameEncoder.encodeTo(Responses.error(null, code, refusal), out);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            metrics.controlRequest("connect", code.wire(), Duration.ZERO);
            return;
        }
        ch.attr(ADMITTED).set(Boolean.TRUE);
        if (role != Role.ADMIN) {
            nonAdmins.incrementAndGet();
            perUser.merge(peer.user(), 1, Integer::sum);
        }
        log.debug("control: connection from {}: role {}", peer, role);
        ctx.fireChannelActive();
    }

    /**
     * Counts the connection in, or says why it may not stay. Admins' connections are admitted on their own loop
     * ({@link AdminLoop}), so the count is taken with a compare-and-set: two loops never both take the last slot.
     */
    private String admit(PeerIdentity peer, Role role, int max, ControlLimits limits) {
        while (true) {
            int n = admitted.get();
            String refusal = refusal(peer, role, max, limits, n);
            if (refusal != null || admitted.compareAndSet(n, n + 1)) return refusal;
        }
    }

    /** Why the connection may not stay with {@code n} admitted, or null. */
    private String refusal(PeerIdentity peer, Role role, int max, ControlLimits limits, int n) {
        if (role == Role.NONE) {
            String who = peer.known() ? "user " + peer.user() : "this peer (credentials unreadable)";
            return who + " is neither an admin nor a reader of this pdsupd (see control.admins and control.readers"
                    + " in pdsupd.conf)";
        }
        if (n >= max) return "too many control connections (limit " + max + "); try again later";
        if (role == Role.ADMIN) return null;
        int forOthers = max - limits.adminReservedConnections();
        if (n >= forOthers) {
            return "too many control connections: " + n + " open, and the last " + limits.adminReservedConnections()
                    + " of " + max + " are kept for admins; try again later";
        }
        int mine = perUser.getOrDefault(peer.user(), 0);
        if (mine >= limits.maxConnectionsPerUser()) {
            return "user " + peer.user() + " already has " + mine + " control connections (limit "
                    + limits.maxConnectionsPerUser() + " per user); close some first";
        }
        return null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.remove(ctx.channel());
        if (!admitted(ctx)) return;
        admitted.decrementAndGet();
        ConnectionState state = ConnectionState.of(ctx.channel());
        if (state.admittedAs != Role.ADMIN) {
            nonAdmins.decrementAndGet();
            perUser.computeIfPresent(state.peer.user(), (u, c) -> c == 1 ? null : c - 1);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (admitted(ctx)) ctx.fireChannelRead(msg);
        else ReferenceCountUtil.release(msg);
    }

    private static boolean admitted(ChannelHandlerContext ctx) {
        return Boolean.TRUE.equals(ctx.channel().attr(ADMITTED).get());
    }

    /** Connections admitted and open now. */
    int connections() {
        return admitted.get();
    }

    /** Of {@link #connections()}, those of readers. */
    int readerConnections() {
        return nonAdmins.get();
    }

    Set<Channel> openChannels() {
        return open;
    }
}
