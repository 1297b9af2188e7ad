package org.pdsup.pdctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.pdsup.protocol.Request;
import org.pdsup.protocol.RequestParser;
import org.pdsup.protocol.json.JsonWriter;

/**
 * A peer for pdctl's own tests (the real server lives in the daemon module and is tested against pdctl
 * there): accepts connections one after another (a client that reconnects), parses each request line with the
 * protocol's parser, and answers with what {@code script} returns, written a few bytes at a time so the
 * client's framing is exercised.
 */
final class ScriptedServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path socket;
    private final Thread thread;
    final List<Request> received = new ArrayList<>();
    volatile Throwable failure;

    /** How many connections were accepted so far. */
    volatile int connections;
    /** After the first connection: accept no more (a new connection waits in the backlog, unanswered). */
    volatile boolean stopAnswering;
    /** After the first connection: close the socket and remove its file (a daemon that is gone). */
    volatile boolean closeAfterFirst;

    /** {@code script} maps a request to the frames to send (null: close the connection). */
    ScriptedServer(Path socket, Function<Request, List<Map<String, Object>>> script) throws IOException {
        this.socket = socket;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(() -> serve(script), "scripted-server");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(Function<Request, List<Map<String, Object>>> script) {
        while (server.isOpen() && failure == null) {
            try {
                serveOne(script, server.accept());
                if (stopAnswering) return;
                if (closeAfterFirst) {
                    server.close();
                    Files.deleteIfExists(socket);
                    return;
                }
            } catch (java.nio.channels.ClosedChannelException e) {
                return; // closed by the test
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    private void serveOne(Function<Request, List<Map<String, Object>>> script, SocketChannel accepted) {
        connections++;
        RequestParser parser = new RequestParser();
        JsonWriter writer = new JsonWriter();
        try (SocketChannel ch = accepted) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (ch.read(in) >= 0) {
                in.flip();
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    Request r = parser.parse(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                    synchronized (received) {
                        received.add(r);
                    }
                    List<Map<String, Object>> frames = script.apply(r);
                    if (frames == null) return;
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (Map<String, Object> f : frames) {
                        writer.write(f, out);
                        out.write('\n');
                    }
                    byte[] bytes = out.toByteArray();
                    for (int off = 0; off < bytes.length; off += 7919) {
                        ch.write(ByteBuffer.wrap(bytes, off, Math.min(7919, bytes.length - off)));
                    }
                }
                in.clear();
            }
        } catch (java.net.SocketException e) {
            // pdctl may close as soon as it has the answer it needs, with later answers still unread in its
            // socket: the kernel then resets the connection, which ends the conversation like an EOF
            if (!String.valueOf(e.getMessage()).contains("Connection reset")) failure = e;
        } catch (Throwable t) {
            failure = t;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socket);
    }
}
