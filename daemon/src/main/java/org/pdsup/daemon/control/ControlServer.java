package org.pdsup.daemon.control;

import org.pdsup.daemon.netty.QuietEventLoopGroup;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import org.pdsup.daemon.metrics.DaemonMetrics;
import org.pdsup.procdesc.Accounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pdsupd's control server: newline-delimited JSON (docs/protocol.md) on a Unix-domain socket, served by
 * Netty's NIO domain-socket channels (the same code on FreeBSD, where Netty has no native transport) on three
 * event-loop threads: {@code pdsup-control-admin} accepts connections and serves admins' ({@link AdminLoop});
 * {@code pdsup-control} serves everyone else's, so readers' requests never queue ahead of an admin's; a connection that starts following a stream moves to {@code pdsup-control-streams}
 * ({@link StreamLoop}), so followers' frames never hold up either. Every connection is authorised by its peer credentials. Nothing here runs a timer while
 * nobody is connected.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    /** Writes stop (and streams queue, then drop) above this many unsent bytes per connection. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
    /**
     * The longest the control loop runs queued work (stream frames) before it reads its sockets again. Netty's
     * default, one second, let a storm's event followers hold an admin's {@code status} for seconds.
     */
    static final long TASK_QUANTUM_MILLIS = 5;

    /** How long the end frames of open streams may take to be written at shutdown. */
    private static final long END_FRAMES_WAIT_MS = 2000;

    private final ControlServerSettings settings;
    /** The settings and roles in force: {@link #settings} until a reload replaces them ({@link #prepare}). */
    private volatile ControlPolicy policy;
    /** The socket file as bound: its inode (to find it again) and the owner and group it was created with. */
    private SocketFile.Bound socketFile;
    private Streams streamOps;
    private final ControlBackend backend;
    private final DaemonMetrics metrics;
    private final Accounts accounts;
    private final ServerState state = new ServerState();
    private final StreamRegistry streams = new StreamRegistry();
    /** Bytes held for all clients together ({@code control.total-buffer}). */
    private final ByteBudget budget;
    private ConnectionLimiter limiter;
    private EventLoopGroup group;
    /** The followers' loop ({@link StreamLoop}). */
    private EventLoopGroup streamGroup;
    /** The admins' loop ({@link AdminLoop}). */
    private EventLoopGroup adminGroup;
    /** A live re-exec's end frames ({@link #beginHandover}), written out by {@link #drain}. */
    private volatile java.util.List<io.netty.util.concurrent.Future<Void>> handoverEnds = java.util.List.of();
    private Channel serverChannel;

    /**
     * @param accounts the user database for group membership ({@code Accounts.system()}), or null: then a
     *                 group role matches only the peer's primary group
     */
    public ControlServer(ControlServerSettings settings, ControlBackend backend, DaemonMetrics metrics,
                         Accounts accounts) {
        this.settings = settings;
        this.backend = backend;
        this.metrics = metrics;
        this.accounts = accounts;
        this.budget = new ByteBudget(settings.limits().totalBufferBytes(), null);
    }

    /**
     * Binds the socket (replacing a stale one), sets its mode and ownership, and starts serving.
     *
     * @throws ControlServerException when another pdsupd listens there, or the socket cannot be made as configured
     */
    public synchronized void start() throws ControlServerException {
        start(null);
    }

    /**
     * Live re-exec: serves on the listening socket the previous program of this process bound (its socket file,
     * mode and owner are as that program left them), so no connection is ever refused; those that came meanwhile
     * wait in its backlog. Null: binds as {@link #start()} does.
     */
    public synchronized void start(java.nio.channels.ServerSocketChannel inherited) throws ControlServerException {
        if (serverChannel != null) throw new IllegalStateException("control server already started");
        Path path = settings.socket();
        if (inherited == null) SocketFile.prepare(path);
        Authorizer authorizer = new Authorizer(settings, accounts, System.getProperty("user.name"));
        policy = new ControlPolicy(settings, authorizer);
        limiter = new ConnectionLimiter(this::policy, budget, metrics);
        Operations operations = new Operations(backend, serverName());
        group = new QuietEventLoopGroup("pdsup-control", TASK_QUANTUM_MILLIS);
        streamGroup = new QuietEventLoopGroup("pdsup-control-streams", TASK_QUANTUM_MILLIS);
        adminGroup = new QuietEventLoopGroup("pdsup-control-admin", TASK_QUANTUM_MILLIS);
        streamOps = new Streams(backend, streams, settings.streamBufferEvents(), new StreamLoop(streamGroup.next()));
        ControlChannelInitializer connections = new ControlChannelInitializer(this::policy, limiter, operations,
                streamOps, backend, state, metrics);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(adminGroup, group) // accepted on the admins' loop: a readers' flood holds up no accept
                .channelFactory(() -> inherited != null ? new NioServerDomainSocketChannel(inherited)
                        : new NioServerDomainSocketChannel())
                .handler(new AdminLoop(adminGroup.next(), this::policy, connections, WATER_MARK))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(connections);
        if (inherited != null) {
            try {
                serverChannel = bootstrap.register().sync().channel();
            } catch (Exception e) {
                shutdownGroup();
                throw new ControlServerException("cannot serve the inherited control socket " + path + ": "
                        + e.getMessage(), e);
            }
            socketFile = SocketFile.bound(path, -1, -1);
            log.info("control: serving the inherited listening socket {}", path);
            return;
        }
        int[] created = {-1, -1};
        try {
            serverChannel = SocketFile.bindInPlace(path, settings.mode(), settings.owner(), settings.group(),
                    new SocketFile.Binder<Channel>() {
                        @Override
                        public Channel bind(Path at) throws ControlServerException {
                            try {
                                return bootstrap.bind(UnixDomainSocketAddress.of(at)).sync().channel();
                            } catch (Exception e) {
                                throw new ControlServerException("cannot listen on " + path + ": " + e.getMessage(), e);
                            }
                        }

                        @Override
                        public void unbind(Channel ch) {
                            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
                        }

                        @Override
                        public void created(int uid, int gid) {
                            created[0] = uid;
                            created[1] = gid;
                        }
                    });
            socketFile = SocketFile.bound(path, created[0], created[1]);
        } catch (ControlServerException | RuntimeException e) {
            shutdownGroup();
            throw e;
        }
        log.info("control: listening on {} (mode {}{}{}); {}; {}", path, Integer.toOctalString(settings.mode()),
                settings.owner() == null ? "" : ", owner " + settings.owner(),
                settings.group() == null ? "" : ", group " + settings.group(),
                authorizer.describe().get(0), authorizer.describe().get(1));
    }

    /**
     * A live re-exec begins: no new connection is accepted (they wait in the backlog for the next program), requests
     * are answered {@code restarting}, and every stream ends with a frame saying so.
     */
    public void beginHandover() {
        stopAccepting();
        state.restarting(true);
        handoverEnds = streams.endAll("restarting");
    }

    /**
     * A re-exec was accepted: new connections wait in the backlog for the next program (asked before the
     * requester is answered, so that its next connection reaches the new program); open ones are served on.
     */
    public void stopAccepting() {
        Channel ch = serverChannel;
        if (ch != null) ch.config().setAutoRead(false);
    }

    /**
     * Returns once the control thread has done what was queued before this call (answers computed before a
     * re-exec's state was captured are then written to their sockets); at most a few seconds.
     */
    public void drain() {
        // readers' answers, admins', and the streams' end frames (the exec closes their sockets)
        for (EventLoopGroup g : new EventLoopGroup[] {group, adminGroup, streamGroup}) {
            if (g == null) continue;
            for (io.netty.util.concurrent.EventExecutor e : g) {
                if (e.inEventLoop()) continue;
                e.submit(() -> { }).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        StreamRegistry.awaitWritten(handoverEnds, END_FRAMES_WAIT_MS);
        handoverEnds = java.util.List.of();
    }

    /** The re-exec did not happen: serve as before. */
    public void endHandover() {
        state.restarting(false);
        Channel ch = serverChannel;
        if (ch != null) {
            ch.config().setAutoRead(true);
            ch.read();
        }
    }

    private ControlPolicy policy() {
        return policy;
    }

    /**
     * Readies {@code next} for a reload: the socket file gets its new mode, owner and group now (a failure
     * leaves the old ones); the roles, limits and timeouts switch over on {@link Reconfiguration#commit}.
     * Call one at a time, and only while serving.
     *
     * @throws ControlServerException when the socket path changed (that needs a restart) or the socket file
     *                                cannot be given its new mode or owner
     */
    public synchronized Reconfiguration prepare(ControlServerSettings next) throws ControlServerException {
        if (serverChannel == null) throw new IllegalStateException("control server not serving");
        ControlPolicy before = policy;
        ControlServerSettings old = before.settings();
        if (!next.socket().equals(old.socket())) {
            throw new ControlServerException("control.socket: moving the socket (" + old.socket() + " to "
                    + next.socket() + ") needs a restart of pdsupd");
        }
        boolean fileChanged = next.mode() != old.mode() || !java.util.Objects.equals(next.owner(), old.owner())
                || !java.util.Objects.equals(next.group(), old.group());
        if (fileChanged) socketFile.reapply(next.mode(), next.owner(), next.group());
        ControlPolicy after = new ControlPolicy(next, new Authorizer(next, accounts, System.getProperty("user.name")));
        return new Reconfiguration() {
            @Override
            public void commit() {
                swap(after);
            }

            @Override
            public void abort() {
                if (!fileChanged) return;
                try {
                    socketFile.reapply(old.mode(), old.owner(), old.group());
                } catch (ControlServerException e) {
                    log.error("control: cannot give the socket back its mode and owner after a failed reload: {}",
                            e.getMessage());
                }
            }
        };
    }

    /** A prepared reconfiguration: exactly one of its methods is called. */
    public interface Reconfiguration {
        void commit();

        void abort();
    }

    private synchronized void swap(ControlPolicy after) {
        policy = after;
        budget.limit(after.settings().limits().totalBufferBytes());
        streamOps.capacity(after.settings().streamBufferEvents());
        // connections whose user lost every role close now; the others take their new role at their next request
        for (Channel ch : new ArrayList<>(limiter.openChannels())) {
            ch.eventLoop().execute(() -> AuthorizationHandler.recheck(ch, after, null));
        }
        log.info("control: {}; {}", after.authorizer().describe().get(0), after.authorizer().describe().get(1));
    }

    /** From now on admin ops are answered {@code shutting_down}; read-only ops and streams go on. */
    public void beginShutdown() {
        state.beginShutdown();
    }

    /**
     * Stops listening, closes every connection, removes the socket file. Idempotent. Called on the control
     * thread itself (say, from a shutdown that completes synchronously), it hands the work to a new thread and
     * returns at once, since it cannot wait for its own thread to end.
     */
    public void stop() {
        EventLoopGroup g = group;
        EventLoopGroup s = streamGroup;
        EventLoopGroup a = adminGroup;
        if ((g != null && g.next().inEventLoop()) || (s != null && s.next().inEventLoop())
                || (a != null && a.next().inEventLoop())) {
            Thread t = new Thread(this::stopNow, "pdsup-control-stop");
            t.setDaemon(false);
            t.start();
            return;
        }
        stopNow();
    }

    private synchronized void stopNow() {
        if (group == null) return;
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            // the name goes before the connections close: a client that saw its connection end finds no socket
            // (Netty deletes only the path it bound, the private one the socket was renamed from)
            SocketFile.remove(settings.socket());
        }
        // a follower (pdctl events -f) can tell an orderly shutdown from a broken connection
        StreamRegistry.awaitWritten(streams.endAll("shutdown"), END_FRAMES_WAIT_MS);
        if (limiter != null) {
            for (Channel ch : new ArrayList<>(limiter.openChannels())) ch.close();
        }
        shutdownGroup();
        if (serverChannel != null) {
            SocketFile.remove(settings.socket());
            serverChannel = null;
        }
        log.info("control: stopped");
    }

    private void shutdownGroup() {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            group = null;
        }
        if (streamGroup != null) {
            streamGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            streamGroup = null;
        }
        if (adminGroup != null) {
            adminGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            adminGroup = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public Path socket() {
        return settings.socket();
    }

    /**
     * The address the listener was bound to, which getsockname(2) reports: the private name it was bound at
     * before it was renamed into place ({@link SocketFile}); null when not listening.
     */
    public Path boundPath() {
        Channel ch = serverChannel;
        return ch != null && ch.localAddress() instanceof java.net.UnixDomainSocketAddress a ? a.getPath() : null;
    }

    /** Connections open now. */
    public int connections() {
        return limiter == null ? 0 : limiter.connections();
    }

    /** Bytes held for clients now (queued stream frames, unsent answers), and the most ever held at once. */
    public long bufferedBytes() {
        return budget.used();
    }

    public long bufferHighWaterBytes() {
        return budget.highWater();
    }

    /** The followers' event loop ({@link StreamLoop}), for tests that hold it up; null when not started. */
    io.netty.channel.EventLoop followersLoop() {
        EventLoopGroup s = streamGroup;
        return s == null ? null : s.next();
    }

    /** For tests: the admins' loop ({@link AdminLoop}), the requests' loop, the connections open now. */
    io.netty.channel.EventLoop adminLoop() {
        return adminGroup.next();
    }

    io.netty.channel.EventLoop requestsLoop() {
        return group.next();
    }

    java.util.Set<Channel> openChannels() {
        return limiter.openChannels();
    }

    public StreamStatistics streamStatistics() {
        return streams.statistics();
    }

    /** "pdsupd/VERSION", sent in hello. */
    public static String serverName() {
        return ServerName.read();
    }
}
