package org.pdsup.pdctl;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.FrameDecoder;
import org.pdsup.protocol.FrameSink;
import org.pdsup.protocol.FrameTooLargeException;
import org.pdsup.protocol.Protocol;
import org.pdsup.protocol.ProtocolException;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonSyntaxException;

/**
 * One blocking connection to pdsupd: writes request lines and reads response frames, over a {@link Transport}
 * (the Unix-domain control socket, or ssh to another host).
 */
final class ControlClient implements Closeable {
    private final Transport transport;
    private final FrameParser reader = new FrameParser(JsonLimits.PROTOCOL);
    private final FrameDecoder decoder = new FrameDecoder(Protocol.MAX_RESPONSE_BYTES);
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final FrameSink collector = new Collector();

    ControlClient(Transport transport) {
        this.transport = transport;
    }

    /** Connects to the socket, or fails with exit status 69 and a message saying why and what to check. */
    static ControlClient connect(Path socket) throws CommandFailure {
        return new ControlClient(SocketTransport.connect(socket));
    }

    /** Writes the requests as one batch of lines. */
    void send(Request... requests) throws CommandFailure {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(256);
        for (Request r : requests) {
            FrameWriter.write(r.toJson(), buf);
            buf.write('\n');
        }
        ByteBuffer out = ByteBuffer.wrap(buf.toByteArray());
        try {
            transport.write(out);
        } catch (IOException e) {
            throw refusalOr(transport.lost(e));
        }
    }

    /**
     * The error pdsupd sent before it closed the connection (a peer with no role, too many connections),
     * if it sent one; otherwise {@code otherwise}.
     */
    private CommandFailure refusalOr(CommandFailure otherwise) {
        try {
            Response r = next();
            if (r.id() == null && r.isResponse() && !r.ok()) return new ResponseFailure(r);
        } catch (CommandFailure e) {
            // nothing readable: the write failure is the story
        }
        return otherwise;
    }

    /** The next frame from the server, blocking until it arrives. */
    Response next() throws CommandFailure {
        while (frames.isEmpty()) {
            in.clear();
            int n;
            try {
                n = transport.read(in);
            } catch (IOException e) {
                throw transport.lost(e);
            }
            if (n < 0) throw transport.closed();
            in.flip();
            try {
                decoder.feed(in, collector);
            } catch (FrameTooLargeException e) {
                throw new CommandFailure(ExitCodes.ERROR, "pdsupd sent a frame larger than " + e.limit() + " bytes");
            }
        }
        byte[] frame = frames.removeFirst();
        try {
            return Response.of(reader.parse(frame, 0, frame.length));
        } catch (JsonSyntaxException | ProtocolException e) {
            throw new CommandFailure(ExitCodes.ERROR, "pdsupd sent an unreadable frame: " + e.getMessage());
        }
    }

    /** Whether a whole frame is already read and waiting, so {@link #next()} returns without reading. */
    boolean hasBufferedFrame() {
        return !frames.isEmpty();
    }

    /** Waits for the server to close the connection, discarding frames. */
    void awaitClose() {
        try {
            while (true) {
                in.clear();
                if (transport.read(in) < 0) return;
            }
        } catch (IOException e) {
            // closed with an error: closed all the same
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    /** Copies each frame out of the decoder's reused buffer. */
    private final class Collector implements FrameSink {
        @Override
        public void frame(byte[] data, int offset, int length) {
            byte[] copy = new byte[length];
            System.arraycopy(data, offset, copy, 0, length);
            frames.addLast(copy);
        }
    }
}
