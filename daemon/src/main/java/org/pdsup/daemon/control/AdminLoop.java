package org.pdsup.daemon.control;

import java.util.function.Supplier;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves admins' connections on an event loop of their own ({@code pdsup-control-admin}), so that a flood of
 * readers' requests (fifty {@code status} pollers asking for 500 services four times a second) never queues in
 * front of an admin's request. The listening socket is served on that loop too (accepting is cheap, and a
 * readers' flood must not delay an admin's connect). This handler sits on the listening channel, before Netty's
 * acceptor: it reads each accepted connection's peer credentials, and registers an admin's connection with the
 * admin loop itself (the same pipeline and options the acceptor gives the others); every other connection goes
 * on to the acceptor and the requests' loop ({@code pdsup-control}). Admission, byte bounds and limits are the same on both loops ({@link ConnectionLimiter}).
 *
 * <p>The loop is chosen once, at accept: a reload that makes an admin a reader, or a reader an admin, changes
 * what the connection may do at its next request ({@link AuthorizationHandler#recheck}) but not its loop. A
 * connection that opens a stream moves to the followers' loop as any other ({@link StreamLoop}).
 */
@ChannelHandler.Sharable
final class AdminLoop extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AdminLoop.class);

    private final EventLoop loop;
    private final Supplier<ControlPolicy> policy;
    private final ChannelHandler childHandler;
    private final WriteBufferWaterMark waterMark;

    /**
     * @param childHandler the connections' initializer, as given to the acceptor
     * @param waterMark    the connections' write-buffer water mark, as given to the acceptor
     */
    AdminLoop(EventLoop loop, Supplier<ControlPolicy> policy, ChannelHandler childHandler,
              WriteBufferWaterMark waterMark) {
        this.loop = loop;
        this.policy = policy;
        this.childHandler = childHandler;
        this.waterMark = waterMark;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Channel child)) {
            ctx.fireChannelRead(msg);
            return;
        }
        PeerIdentity peer = PeerCredentials.of(child);
        if (policy.get().authorizer().roleOf(peer) != Role.ADMIN) {
            ctx.fireChannelRead(child);
            return;
        }
        child.pipeline().addLast(childHandler);
        child.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark);
        try {
            loop.register(child).addListener(registered -> {
                if (!registered.isSuccess()) {
                    // the admin loop is shutting down (so is the server)
                    log.debug("control: cannot serve an admin's connection: {}", registered.cause().toString());
                    child.unsafe().closeForcibly();
                }
            });
        } catch (RuntimeException e) {
            log.debug("control: cannot serve an admin's connection: {}", e.toString());
            child.unsafe().closeForcibly();
        }
    }
}
