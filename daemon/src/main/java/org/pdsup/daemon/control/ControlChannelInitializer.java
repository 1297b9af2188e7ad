package org.pdsup.daemon.control;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import org.pdsup.daemon.metrics.DaemonMetrics;

/**
 * The pipeline of one control connection, head to tail: admission, byte budget of what is written, (idle
 * timer while not busy), line
 * framing with back-pressure, response encoding, request parsing, authorisation, idle policy, dispatch.
 */
final class ControlChannelInitializer extends ChannelInitializer<Channel> {
    private final java.util.function.Supplier<ControlPolicy> policy;
    private final ConnectionLimiter limiter;
    private final FrameEncoder encoder = new FrameEncoder();
    private final OutboundBudget outbound = new OutboundBudget();
    private final RequestDecoder decoder = new RequestDecoder();
    private final AuthorizationHandler authorization;
    private final Operations operations;
    private final Streams streams;
    private final ControlBackend backend;
    private final ServerState server;
    private final DaemonMetrics metrics;

    /** @param policy the settings in force now: each new connection takes its bounds and timeouts from it */
    ControlChannelInitializer(java.util.function.Supplier<ControlPolicy> policy, ConnectionLimiter limiter,
                              Operations operations, Streams streams, ControlBackend backend, ServerState server,
                              DaemonMetrics metrics) {
        this.policy = policy;
        this.limiter = limiter;
        this.authorization = new AuthorizationHandler(policy, metrics);
        this.operations = operations;
        this.streams = streams;
        this.backend = backend;
        this.server = server;
        this.metrics = metrics;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        ControlServerSettings settings = policy.get().settings();
        p.addLast("limit", limiter);
        p.addLast("outbound-budget", outbound);
        p.addLast("frames", new FrameReader(settings.maxFrameBytes(), settings.limits().frameTimeout(), metrics));
        p.addLast("encoder", encoder);
        p.addLast("requests", decoder);
        p.addLast("auth", authorization);
        p.addLast("idle", new IdleGuard(settings.idleTimeout(), "limit"));
        p.addLast("dispatch", new RequestDispatcher(operations, streams, backend, server, metrics));
    }
}
