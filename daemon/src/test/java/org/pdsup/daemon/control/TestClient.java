package org.pdsup.daemon.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;

import org.pdsup.protocol.FrameDecoder;
import org.pdsup.protocol.FrameTooLargeException;
import org.pdsup.protocol.Protocol;
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;

/** A raw line client for the server tests: writes exactly the bytes given, reads frames with a deadline. */
final class TestClient implements AutoCloseable {
    static final long TIMEOUT_MS = 10_000;

    private final SocketChannel channel;
    private final Selector selector;
    private final FrameDecoder decoder = new FrameDecoder(Protocol.MAX_RESPONSE_BYTES);
    private final JsonReader reader = new JsonReader(JsonLimits.PROTOCOL);
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private boolean eof;

    private TestClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    static TestClient connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new TestClient(ch);
    }

    void sendLine(String line) throws IOException {
        send((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            if (channel.write(b) == 0) {
                // the server applies back-pressure; wait for room (never long in these tests)
                try (Selector w = Selector.open()) {
                    channel.register(w, SelectionKey.OP_WRITE);
                    w.select(TIMEOUT_MS);
                }
            }
        }
    }

    /** Sends one request line and returns the next frame. */
    Map<String, Object> call(String line) throws IOException {
        sendLine(line);
        return read();
    }

    /** The next frame; fails the test after the deadline or at end of stream. */
    Map<String, Object> read() throws IOException {
        Map<String, Object> f = readOrNull(TIMEOUT_MS);
        if (f == null) throw new AssertionError(eof ? "server closed the connection" : "no frame within " + TIMEOUT_MS + " ms");
        return f;
    }

    /** The next frame, or null on end of stream or after {@code timeoutMs}. */
    @SuppressWarnings("unchecked")
    Map<String, Object> readOrNull(long timeoutMs) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (frames.isEmpty() && !eof) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) return null;
            selector.select(left);
            selector.selectedKeys().clear();
            in.clear();
            int n;
            try {
                n = channel.read(in);
            } catch (IOException reset) {
                // "Connection reset": the server closed with our unread bytes in its buffer
                n = -1;
            }
            if (n < 0) {
                eof = true;
                break;
            }
            in.flip();
            try {
                decoder.feed(in, (d, o, l) -> frames.addLast(Arrays.copyOfRange(d, o, o + l)));
            } catch (FrameTooLargeException e) {
                throw new IOException(e);
            }
        }
        if (frames.isEmpty()) return null;
        byte[] f = frames.removeFirst();
        try {
            return (Map<String, Object>) reader.parse(f);
        } catch (Exception e) {
            throw new AssertionError("unparsable frame from server: " + new String(f, StandardCharsets.UTF_8), e);
        }
    }

    /** True when the server closes the connection within the deadline (frames before that are skipped). */
    boolean awaitClose(long timeoutMs) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!eof) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) return false;
            frames.clear();
            readOrNull(left);
        }
        return true;
    }

    SocketChannel channel() {
        return channel;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
