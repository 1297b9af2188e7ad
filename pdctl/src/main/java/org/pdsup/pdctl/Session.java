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

    private final ControlClient client;
    private final Output out;
    private String server;

    private Session(ControlClient client, Output out) {
        this.client = client;
        this.out = out;
    }

    /**
     * Connects, sends hello and {@code request} in one write (one round trip for the whole command), and
     * returns the answer to {@code request}.
     */
    static Session open(Path socket, Output out) throws CommandFailure {
        return new Session(ControlClient.connect(socket), out);
    }

    /** As {@link #open(Path, Output)}, over any transport (ssh for -H). */
    static Session open(Transport transport, Output out) {
        return new Session(new ControlClient(transport), out);
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
