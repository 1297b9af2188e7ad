package org.pdsup.pdctl;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Locale;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.FrameDecoder;
import org.pdsup.protocol.FrameSink;
import org.pdsup.protocol.FrameTooLargeException;
import org.pdsup.protocol.Protocol;
import org.pdsup.protocol.ProtocolException;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;
import org.pdsup.protocol.json.JsonSyntaxException;
import org.pdsup.protocol.json.JsonWriter;

/**
 * One blocking connection to pdsupd's control socket ({@code SocketChannel} over a Unix-domain address):
 * writes request lines and reads response frames.
 */
final class ControlClient implements Closeable {
    private final Path socket;
    private final SocketChannel channel;
    private final JsonWriter writer = new JsonWriter();
    private final JsonReader reader = JsonReader.forTrustedPeer(JsonLimits.PROTOCOL);
    private final FrameDecoder decoder = new FrameDecoder(Protocol.MAX_RESPONSE_BYTES);
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final FrameSink collector = new Collector();

    private ControlClient(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
    }

    /** Connects, or fails with exit status 69 and a message saying why and what to check. */
    static ControlClient connect(Path socket) throws CommandFailure {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new ControlClient(socket, ch);
        } catch (IOException | InvalidPathException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing more to say than the connect failure
                }
            }
            throw new CommandFailure(ExitCodes.UNAVAILABLE, "cannot connect to " + socket + ": " + reason(e));
        }
    }

    /** A short, helpful reason for a failed connect. */
    static String reason(Exception e) {
        String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof NoSuchFileException || msg.contains("no such file")) {
            return "no such file (is pdsupd running?)";
        }
        if (msg.contains("connection refused")) {
            return "connection refused (a stale socket file: is pdsupd running?)";
        }
        if (e instanceof AccessDeniedException || msg.contains("permission denied")) {
            return "permission denied (are you in the readers group?)";
        }
        if (msg.contains("not a directory")) return "a path component is not a directory";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    Path socket() {
        return socket;
    }

    /** Writes the requests as one batch of lines. */
    void send(Request... requests) throws CommandFailure {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(256);
        for (Request r : requests) {
            writer.write(r.toJson(), buf);
            buf.write('\n');
        }
        ByteBuffer out = ByteBuffer.wrap(buf.toByteArray());
        try {
            while (out.hasRemaining()) channel.write(out);
        } catch (IOException e) {
            throw refusalOr(lost(e));
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
                n = channel.read(in);
            } catch (IOException e) {
                throw lost(e);
            }
            if (n < 0) {
                throw new CommandFailure(ExitCodes.UNAVAILABLE, "pdsupd closed the connection on " + socket);
            }
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

    /** Waits for the server to close the connection, discarding frames. */
    void awaitClose() {
        try {
            while (true) {
                in.clear();
                if (channel.read(in) < 0) return;
            }
        } catch (IOException e) {
            // closed with an error: closed all the same
        }
    }

    private CommandFailure lost(IOException e) {
        return new CommandFailure(ExitCodes.UNAVAILABLE, "lost the connection to pdsupd on " + socket + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket we are done with
        }
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
