package org.pdsup.daemon.control;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import org.pdsup.daemon.supervisor.SupervisorEvent;
import org.pdsup.protocol.Responses;
import org.pdsup.protocol.json.JsonWriter;

/**
 * One supervisor event as every {@code events -f} stream carries it: its JSON ({@link WireMapper#event}) is
 * encoded once, on the first stream's event loop that writes it, and copied into each stream's frame
 * {@code {"id":N,"event":{...}}} after that, instead of being mapped and encoded again for every follower.
 * Fifty followers of a crash-loop storm otherwise encode the same event fifty times on the control thread.
 */
final class SharedEvent {
    private static final JsonWriter WRITER = new JsonWriter();

    private final SupervisorEvent event;
    /** Set once; a race only encodes the same bytes twice. */
    private volatile byte[] json;

    SharedEvent(SupervisorEvent event) {
        this.event = event;
    }

    SupervisorEvent event() {
        return event;
    }

    byte[] json() {
        byte[] j = json;
        if (j == null) {
            j = WRITER.toBytes(WireMapper.event(event)::writeJson); // as toBytes(....toJson()), without the map
            json = j;
        }
        return j;
    }

    /** The start of every event frame of stream {@code id}: {@code {"id":N,"event":}}. */
    static byte[] framePrefix(long id) {
        return ("{\"id\":" + id + ",\"event\":").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Appends the frame of {@link Responses#event} for the stream whose {@link #framePrefix} is given, with its
     * newline: the same bytes {@link FrameEncoder} writes for that map.
     */
    void writeFrame(byte[] prefix, ByteBuf out) {
        out.writeBytes(prefix);
        out.writeBytes(json());
        out.writeByte('}');
        out.writeByte('\n');
    }

    /**
     * Wraps each event once for all the streams it goes to: the supervisor thread calls every subscriber's sink
     * with one event before the next, so the last wrapper is the one to share. Any thread (a call from
     * another thread at worst wraps an event twice).
     */
    static final class Sharing {
        private volatile SharedEvent last;

        SharedEvent of(SupervisorEvent e) {
            SharedEvent l = last;
            if (l != null && l.event == e) return l;
            l = new SharedEvent(e);
            last = l;
            return l;
        }
    }
}
