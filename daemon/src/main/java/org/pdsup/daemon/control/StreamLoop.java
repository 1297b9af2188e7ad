package org.pdsup.daemon.control;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * The event loop of connections that stream ({@code events}, {@code logs}, following or not), apart from the
 * loop that accepts connections and answers requests: a connection moves here when it opens a stream, so the
 * frames of many followers (a crash-loop storm sends 100,000 a second) or of a 10,000-line backlog never queue
 * in front of an admin's {@code status} on another connection.
 *
 * <p>A connection moves only between requests: this stream request is its only one in flight, it has no stream
 * yet and no partial request line (whose deadline timer runs on the old loop). While it moves it reads no
 * further request ({@link ConnectionState#acceptsRequests()}); the request's work then goes on, on the new loop.
 * Netty carries the connection over: {@code deregister()}, then {@code register} with the other loop; what was
 * written and not yet sent stays queued.
 */
final class StreamLoop {
    private final EventLoop loop;

    /** @param loop the followers' loop; null: connections stay where they are */
    StreamLoop(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * Runs {@code then} on the followers' loop once the connection is there, or at once where it is when it
     * cannot move now (see the class comment). On the connection's loop.
     */
    void moveThen(Channel ch, ConnectionState state, Runnable then) {
        FrameReader frames = ch.pipeline().get(FrameReader.class);
        if (loop == null || ch.eventLoop() == loop || state.inFlight() != 1 || !state.streams().isEmpty()
                || state.moving || frames == null || !frames.betweenFrames() || !ch.isActive()) {
            then.run();
            return;
        }
        state.moving = true;
        // busy now: the idle timer (scheduled on this loop) is taken off before the connection leaves it
        ch.pipeline().fireUserEventTriggered(ConnectionEvent.ACTIVITY_CHANGED);
        // after the read that brought this request is done with (FrameReader stops passing requests on)
        ch.eventLoop().execute(() -> leave(ch, state, then));
    }

    private void leave(Channel ch, ConnectionState state, Runnable then) {
        ch.deregister().addListener(left -> {
            if (!left.isSuccess()) {
                arrived(ch, state, then);
                return;
            }
            loop.register(ch).addListener(joined -> {
                if (!joined.isSuccess()) {
                    // the followers' loop is shutting down (so is the server): nothing more to serve
                    state.moving = false;
                    ch.close();
                    return;
                }
                arrived(ch, state, then);
            });
        });
    }

    private static void arrived(Channel ch, ConnectionState state, Runnable then) {
        // still "moving" while the request's work runs: its answer goes out before any request behind it
        then.run();
        state.moving = false;
        // closed while it moved: its channelInactive came before the stream existed, so the stream ends here
        if (!ch.isActive()) {
            for (StreamRelay<?> relay : new java.util.ArrayList<>(state.streams())) relay.close();
        }
        // requests that came meanwhile are read again
        ch.pipeline().fireUserEventTriggered(ConnectionEvent.ACTIVITY_CHANGED);
    }
}
