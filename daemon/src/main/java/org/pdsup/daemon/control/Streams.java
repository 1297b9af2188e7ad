package org.pdsup.daemon.control;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import org.pdsup.daemon.output.LineFilter;
import org.pdsup.daemon.supervisor.EventRing;
import org.pdsup.daemon.supervisor.SupervisorEvent;
import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Responses;

/**
 * The streaming ops, {@code events} and {@code logs}: the first answer is {@code {"id":N,"ok":true,
 * "streaming":true}}, then the stream's frames through a {@link StreamRelay}, then (when not following)
 * {@code {"id":N,"ok":true,"end":true}}. Event loop only.
 */
final class Streams {
    private final ControlBackend backend;
    private final StreamRegistry registry;
    private volatile int capacity;
    /** Every follower of an event gets the same {@link SharedEvent}: encoded once, copied per stream. */
    private final SharedEvent.Sharing sharing = new SharedEvent.Sharing();
    private final StreamLoop followers;

    Streams(ControlBackend backend, StreamRegistry registry, int capacity) {
        this(backend, registry, capacity, new StreamLoop(null));
    }

    /** @param followers where a connection goes when it starts following a stream */
    Streams(ControlBackend backend, StreamRegistry registry, int capacity, StreamLoop followers) {
        this.backend = backend;
        this.registry = registry;
        this.capacity = capacity;
        this.followers = followers;
    }

    /** {@code control.stream-buffer} changed at a reload: streams opened from now on queue this many frames. */
    void capacity(int frames) {
        this.capacity = frames;
    }

    /** Starts an events stream; {@code done} gets the first answer (ack or error). */
    void events(ChannelHandlerContext ctx, ConnectionState state, Request r, Completion done) {
        Predicate<String> filter;
        try {
            checkStreamLimit(state);
            filter = filter(r.services());
        } catch (ControlException e) {
            done.complete(Errors.frame(r.id(), r.op().wire(), e));
            return;
        }
        // every stream is served on the followers' loop, a finite one too (a 10,000-line backlog is a flood)
        if (r.follow()) followers.moveThen(ctx.channel(), state, () -> follow(ctx, state, r, filter, done));
        else followers.moveThen(ctx.channel(), state, () -> history(ctx, state, r, filter, done));
    }

    /** events without follow: the ring's events, then the end frame. */
    private void history(ChannelHandlerContext ctx, ConnectionState state, Request r, Predicate<String> filter,
                         Completion done) {
        backend.history(filter).whenComplete((events, error) -> ctx.executor().execute(() -> {
            if (error != null) {
                done.complete(Errors.frame(r.id(), r.op().wire(), error));
                return;
            }
            if (!ctx.channel().isActive()) {
                done.complete(Responses.streaming(r.id()));
                return;
            }
            StreamRelay<SharedEvent> relay = open(ctx, state, r.id(), capacity, Streams::eventBytes,
                    Long.MAX_VALUE, eventFrames(r.id()));
            done.complete(Responses.streaming(r.id()));
            relay.sendFirst(events.stream().filter(e -> e.seq() > r.afterSeq()).map(SharedEvent::new).iterator());
            relay.finish();
        }));
    }

    /** events with follow: live events (after the ring's, with history) until the connection closes. */
    private void follow(ChannelHandlerContext ctx, ConnectionState state, Request r, Predicate<String> filter,
                        Completion done) {
        StreamRelay<SharedEvent> relay = open(ctx, state, r.id(), capacity, Streams::eventBytes,
                Long.MAX_VALUE, eventFrames(r.id()));
        try {
            long after = r.afterSeq();
            relay.attach(backend.subscribe(filter, r.history(), new EventRing.BatchSink() {
                @Override
                public void accept(SupervisorEvent e) {
                    if (e.seq() > after) relay.offer(sharing.of(e));
                }

                @Override
                public void batchEnd() {
                    relay.producerIdle(); // the supervisor's burst is over: send what it gave, gathered
                }
            }));
        } catch (RuntimeException e) {
            relay.close();
            done.complete(Errors.frame(r.id(), r.op().wire(), e));
            return;
        }
        // still in this event-loop task: the ack goes out before any frame the relay drains later
        done.complete(Responses.streaming(r.id()));
    }

    /** Starts a logs stream, or answers invalid_state while there is no output capture. */
    void logs(ChannelHandlerContext ctx, ConnectionState state, Request r, Completion done, Operations ops) {
        followers.moveThen(ctx.channel(), state, () -> openLogs(ctx, state, r, done, ops));
    }

    /**
     * With filters ({@code since}, {@code stream}) the service's output settings are read first, on the
     * supervisor thread, so that a filter its log cannot answer is refused ({@link LogFilters}).
     */
    private void openLogs(ChannelHandlerContext ctx, ConnectionState state, Request r, Completion done,
                          Operations ops) {
        if (!LogFilters.wanted(r)) {
            openLogs(ctx, state, r, done, ops, LineFilter.ALL);
            return;
        }
        try {
            checkStreamLimit(state);
            ops.requireService(r.service());
        } catch (RuntimeException e) {
            done.complete(Errors.frame(r.id(), r.op().wire(), e));
            return;
        }
        backend.details(r.service()).whenComplete((details, error) -> ctx.executor().execute(() -> {
            LineFilter filter;
            try {
                if (error != null) throw error instanceof java.util.concurrent.CompletionException c
                        && c.getCause() != null ? c.getCause() : error;
                filter = LogFilters.check(r.service(), details.config().output(), r);
            } catch (Throwable e) {
                done.complete(Errors.frame(r.id(), r.op().wire(), e));
                return;
            }
            if (!ctx.channel().isActive()) {
                done.complete(Responses.streaming(r.id())); // nobody to stream to: open nothing
                return;
            }
            openLogs(ctx, state, r, done, ops, filter);
        }));
    }

    private void openLogs(ChannelHandlerContext ctx, ConnectionState state, Request r, Completion done,
                          Operations ops, LineFilter filter) {
        try {
            checkStreamLimit(state);
            ops.requireService(r.service());
            Optional<LogSource> source = backend.logSource();
            if (source.isEmpty()) {
                throw new ControlException(ErrorCode.INVALID_STATE.wire(), "log capture not available in this pdsupd");
            }
            // the requested backlog may all be queued at once (if its bytes fit the connection's buffer); live
            // lines get the configured bound on top
            // a reader that takes nothing while a whole connection buffer of lines is dropped is cut off: its
            // backlog would otherwise be read from disk for nobody
            StreamRelay<LogLine> relay = open(ctx, state, r.id(), capacity + r.lines(), Streams::lineBytes,
                    state.budget.limit(), (l, out) -> FrameEncoder.encodeTo(Responses.line(r.id(), l.stream(), l.text()), out));
            try {
                relay.attach(source.get().tail(r.service(), r.lines(), r.follow(), filter, new LogSource.LogSink() {
                    @Override
                    public void line(String stream, String text) {
                        relay.offer(new LogLine(stream, text));
                    }

                    @Override
                    public void end() {
                        relay.finish();
                    }
                }));
            } catch (RuntimeException e) {
                relay.close();
                throw e;
            }
            done.complete(Responses.streaming(r.id()));
        } catch (RuntimeException e) {
            done.complete(Errors.frame(r.id(), r.op().wire(), e));
        }
    }

    private <T> StreamRelay<T> open(ChannelHandlerContext ctx, ConnectionState state, long id, int cap,
                                    java.util.function.ToLongFunction<T> sizer, long cutOffAfterBytes,
                                    StreamRelay.FrameWriter<T> toFrame) {
        Channel ch = ctx.channel();
        StreamRelay<T> relay = new StreamRelay<>(ch, id, cap, state.budget, sizer, cutOffAfterBytes, toFrame, registry,
                closed -> {
            state.streams().remove(closed);
            ch.pipeline().fireUserEventTriggered(ConnectionEvent.ACTIVITY_CHANGED);
        });
        state.streams().add(relay);
        ch.pipeline().fireUserEventTriggered(ConnectionEvent.ACTIVITY_CHANGED);
        return relay;
    }

    /** Writes the frames of events stream {@code id}: the shared JSON behind this stream's prefix. */
    private static StreamRelay.FrameWriter<SharedEvent> eventFrames(long id) {
        byte[] prefix = SharedEvent.framePrefix(id);
        return (e, out) -> e.writeFrame(prefix, out);
    }

    private static void checkStreamLimit(ConnectionState state) {
        if (state.streams().size() >= ConnectionState.MAX_STREAMS) {
            throw new ControlException(ErrorCode.INVALID_STATE.wire(), "this connection already has "
                    + ConnectionState.MAX_STREAMS + " streams open; close one or use another connection");
        }
    }

    /** All services, or those the names and globs resolve to now. */
    private Predicate<String> filter(List<String> names) {
        if (names.isEmpty()) return s -> true;
        Set<String> resolved = new HashSet<>(backend.resolve(names));
        return resolved::contains;
    }

    /** A queued line's size in memory, estimated on the safe side: two bytes a character, plus the objects. */
    static long lineBytes(LogLine l) {
        return 2L * l.text().length() + 96;
    }

    /** A queued event's size in memory, estimated on the safe side (its strings are short: names, reasons). */
    static long eventBytes(SharedEvent shared) {
        SupervisorEvent e = shared.event();
        return 256 + 2L * (e.service().length() + (e.reason() == null ? 0 : e.reason().length()));
    }

    /** One captured line. */
    record LogLine(String stream, String text) {
    }

    /** Receives the first answer of a stream request (the ack, or an error). */
    interface Completion {
        void complete(Map<String, Object> frame);
    }
}
