package org.pdsup.pdctl;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/** {@code shutdown}: asks the daemon to stop its services and exit; returns once it closed the connection. */
final class ShutdownCommand implements Command {

    @Override
    public Request request(long id) {
        return Request.shutdown(id);
    }

    @Override
    public int finish(Session session, Response first) {
        Output out = session.out();
        if (out.json()) out.printJson(first);
        else out.println("pdsupd is shutting down");
        out.flush();
        session.client().awaitClose();
        return ExitCodes.OK;
    }
}
