package org.pdsup.pdctl;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/**
 * {@code reexec}: asks pdsupd to replace its program with whatever its launcher would start now, keeping every
 * service (live upgrade). A refusal says why and changes nothing; once accepted, pdsupd closes this connection and
 * the new program answers on the same socket (a command run meanwhile waits in the socket's backlog).
 */
final class ReexecCommand implements Command {
    @Override
    public Request request(long id) {
        return Request.reexec(id);
    }

    @Override
    public int finish(Session session, Response first) {
        Output out = session.out();
        if (out.json()) out.printJson(first);
        else out.println("pdsupd is re-executing; every service stays as it is, and the new program answers on "
                + "the same socket");
        out.flush();
        session.client().awaitClose();
        return ExitCodes.OK;
    }
}
