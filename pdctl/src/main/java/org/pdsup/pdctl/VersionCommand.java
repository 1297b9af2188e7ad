package org.pdsup.pdctl;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Protocol;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/** {@code version}: pdctl's and the daemon's versions. */
final class VersionCommand implements Command {

    @Override
    public Request request(long id) {
        return Request.version(id);
    }

    @Override
    public int finish(Session session, Response first) {
        Output out = session.out();
        if (out.json()) {
            out.printJson(first);
        } else {
            out.println("pdctl " + Main.version() + " (protocol " + Protocol.VERSION + ")");
            out.println(first.string("version"));
        }
        return ExitCodes.OK;
    }
}
