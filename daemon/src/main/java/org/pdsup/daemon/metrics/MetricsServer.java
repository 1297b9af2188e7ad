package org.pdsup.daemon.metrics;

import org.pdsup.daemon.netty.QuietEventLoopGroup;
import org.pdsup.procdesc.InheritedServerChannel;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * The HTTP endpoint Prometheus scrapes: Netty over NIO, {@link HttpServerCodec} + {@link
 * HttpObjectAggregator} + {@link MetricsHttpHandler}. No idle handler and no timer: with no request in
 * flight the event loop blocks in {@code select()} and the daemon stays asleep.
 *
 * <p>It runs on an event loop group it is given (shared with the control server; make it a {@link
 * QuietEventLoopGroup} so it does not wake once a second) or on a one-thread {@link QuietEventLoopGroup} of its
 * own, named {@code pdsup-metrics}, which {@link #close()} shuts down.
 */
public final class MetricsServer implements AutoCloseable {

    /** Requests are a line and a few headers; anything bigger is refused with 413. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final String host;
    private final int port;
    private final ScrapeSource source;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final ConnectionDrain connections = new ConnectionDrain();
    private Channel channel;
    /** Where it listens, when the channel cannot say (a listener handed over by a live re-exec). */
    private InetSocketAddress adoptedAddress;

    /** A server on {@code group}, which the caller owns and shuts down. */
    public MetricsServer(String host, int port, ScrapeSource source, EventLoopGroup group) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.source = Objects.requireNonNull(source, "source");
        this.group = Objects.requireNonNull(group, "group");
        this.ownGroup = false;
    }

    /** A server on a one-thread event loop group of its own. */
    public MetricsServer(String host, int port, ScrapeSource source) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.source = Objects.requireNonNull(source, "source");
        this.group = new QuietEventLoopGroup(1,
                r -> {
                    Thread t = new FastThreadLocalThread(r, "pdsup-metrics");
                    t.setDaemon(true);
                    return t;
                },
                NioIoHandler.newFactory());
        this.ownGroup = true;
    }

    /**
     * Binds and starts serving; returns the address bound (the real port when {@code port} was 0).
     *
     * @throws MetricsListenException "metrics: cannot listen on HOST:PORT: REASON"
     */
    public synchronized InetSocketAddress start() {
        if (channel != null) throw new IllegalStateException("metrics server already started");
        ChannelFuture f = bootstrap().channel(NioServerSocketChannel.class).bind(host, port).awaitUninterruptibly();
        if (!f.isSuccess()) {
            if (ownGroup) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            throw new MetricsListenException("metrics: cannot listen on " + display(host, port) + ": "
                    + reason(f.cause()), f.cause());
        }
        channel = f.channel();
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Serves the listener a live re-exec handed over as descriptor {@code fd}, bound to this server's host and
     * port, without binding again (procdesc {@link InheritedServerChannel}): clients waiting in its backlog are
     * served, none is refused.
     *
     * @throws MetricsListenException when {@code fd} is not that listener, or cannot be served ({@code fd} is
     *                                left open then)
     */
    public synchronized InetSocketAddress start(int fd) {
        if (channel != null) throw new IllegalStateException("metrics server already started");
        InetSocketAddress address = new InetSocketAddress(host, port);
        java.nio.channels.ServerSocketChannel inherited;
        try {
            inherited = InheritedServerChannel.adopt(fd, address);
        } catch (java.io.IOException e) {
            throw new MetricsListenException("metrics: cannot serve the listener handed over on descriptor " + fd
                    + ": " + e.getMessage(), e);
        }
        ChannelFuture f = bootstrap().channelFactory(() -> new NioServerSocketChannel(inherited)).register()
                .awaitUninterruptibly();
        if (!f.isSuccess()) {
            try {
                inherited.close();
            } catch (java.io.IOException ignored) {
                // closing what could not be served
            }
            throw new MetricsListenException("metrics: cannot serve the listener handed over on " + display(host,
                    port) + ": " + reason(f.cause()), f.cause());
        }
        channel = f.channel();
        adoptedAddress = address;
        return address;
    }

    /** {@code host:port} as configured ({@code [::1]:9100} for IPv6): what a handed-over listener must match. */
    public String configuredAddress() {
        return display(host, port);
    }

    private ServerBootstrap bootstrap() {
        MetricsHttpHandler handler = new MetricsHttpHandler(source);
        return new ServerBootstrap()
                .group(group)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.track(ch);
                        ch.pipeline().addLast(new HttpServerCodec(), connections,
                                new HttpObjectAggregator(MAX_REQUEST_BYTES), handler);
                    }
                });
    }

    /**
     * Live re-exec: stops accepting (clients wait in the backlog for the next program, which is handed this
     * listener), closes idle connections and the others once answered.
     */
    public synchronized void beginHandover() {
        if (channel == null) return;
        channel.config().setAutoRead(false);
        connections.begin();
    }

    /** Waits, at most {@code bound}, for the connections' answers; returns how many are still open. */
    public int awaitConnectionsClosed(java.time.Duration bound) {
        return connections.awaitClosed(bound);
    }

    /** The re-exec did not happen: accepts again. */
    public synchronized void endHandover() {
        connections.end();
        if (channel != null) channel.config().setAutoRead(true);
    }

    /** The address it listens on, or null before {@link #start()}. */
    public synchronized InetSocketAddress localAddress() {
        if (channel == null) return null;
        return adoptedAddress != null ? adoptedAddress : (InetSocketAddress) channel.localAddress();
    }

    /** Stops listening and closes open connections' listener; shuts down the group if it is its own. */
    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
            channel = null;
        }
        if (ownGroup) group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    static String display(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** "address already in use" from "Address already in use" (and the like), the class name if no message. */
    static String reason(Throwable t) {
        if (t == null) return "unknown error";
        String m = t.getMessage();
        if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (m == null || m.isBlank()) return t.getClass().getSimpleName();
        int paren = m.indexOf(" (");                     // "Cannot assign requested address (Bind failed)"
        if (paren > 0) m = m.substring(0, paren);
        return m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
    }
}
