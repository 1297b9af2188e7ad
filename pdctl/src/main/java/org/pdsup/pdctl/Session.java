package org.pdsup.pdctl;

import java.io.Closeable;
import java.nio.file.Path;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/** A connection after the hello exchange, with the output the command writes to. */
final class Session implements Closeable {
    /** Sent in hello, so a daemon's log can tell clients apart. */
    static final String CLIENT = "pdctl/" + Main.version();
    private static final long HELLO_ID = 1;
    static final long FIRST_ID = 2;

    /** Opens a new connection to the same pdsupd (for {@link Reconnect}). */
    interface Connector {
        ControlClient connect() throws CommandFailure;
    }

    private ControlClient client;
    private final Output out;
    private final Connector connector;
    private String server;
    private boolean expired;
    private boolean settled;

    private Session(ControlClient client, Output out, Connector connector) {
        this.client = client;
        this.out = out;
        this.connector = connector;
    }

    /**
     * Connects, sends hello and {@code request} in one write (one round trip for the whole command), and
     * returns the answer to {@code request}.
     */
    static Session open(Path socket, Output out) throws CommandFailure {
        return new Session(ControlClient.connect(socket), out, new SocketConnector(socket));
    }

    /** A named class, not a lambda: no LambdaMetafactory bootstrap on the start-up path (docs/benchmarks.md). */
    private static final class SocketConnector implements Connector {
        private final Path socket;

        SocketConnector(Path socket) {
            this.socket = socket;
        }

        @Override
        public ControlClient connect() throws CommandFailure {
            return ControlClient.connect(socket);
        }
    }

    /** As {@link #open(Path, Output)}, over any transport (ssh for -H); {@code again} opens another one. */
    static Session open(Connector again, Output out) throws CommandFailure {
        return new Session(again.connect(), out, again);
    }

    /**
     * Closes this connection and opens a new one to the same pdsupd; the caller then sends its requests again
     * with {@link #begin}. See {@link Reconnect}.
     */
    synchronized void reconnect() throws CommandFailure {
        client.close();
        if (expired) throw new CommandFailure(ExitCodes.UNAVAILABLE, "the time to reconnect ran out");
        settled = false;
        client = connector.connect();
    }

    /** Whether {@link #expire} has ended the reconnecting. */
    synchronized boolean expired() {
        return expired;
    }

    /** The reconnect is done: a late {@link #expire} leaves this connection alone. */
    synchronized void settled() {
        settled = true;
    }

    /**
     * From another thread: the time to reconnect is up. Closes the connection (a read blocked on it ends at
     * once) and refuses any further {@link #reconnect}.
     */
    synchronized void expire() {
        if (settled) return;
        expired = true;
        client.close();
    }

    Response begin(Request request) throws CommandFailure {
        client.send(Request.hello(HELLO_ID, CLIENT), request);
        Response hello = awaitResponse(HELLO_ID);
        if (!hello.ok()) throw new ResponseFailure(hello);
        server = hello.string("server");
        return awaitResponse(request.id());
    }

    /** Sends one more request on this connection and returns its answer. */
    Response request(Request request) throws CommandFailure {
        client.send(request);
        return awaitResponse(request.id());
    }

    /** The server's name and version from hello, e.g. "pdsupd/0.1.0". */
    String server() {
        return server;
    }

    Output out() {
        return out;
    }

    ControlClient client() {
        return client;
    }

    /** The next frame of any kind. */
    Response next() throws CommandFailure {
        return client.next();
    }

    /** Whether the next frame is already read (a burst that came in one read). */
    boolean hasBufferedFrame() {
        return client.hasBufferedFrame();
    }

    /** The response (frame with {@code ok}) to request {@code id}; an error without an id ends the run. */
    Response awaitResponse(long id) throws CommandFailure {
        while (true) {
            Response r = client.next();
            Long rid = r.id();
            if (rid == null && r.isResponse() && !r.ok()) throw new ResponseFailure(r);
            if (rid != null && rid == id && r.isResponse()) return r;
            if (rid == null && !r.isResponse()) {
                throw new CommandFailure(ExitCodes.ERROR, "pdsupd sent an unexpected frame");
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
