package org.pdsup.pdctl;

import java.nio.file.Path;
import java.util.List;

import org.pdsup.protocol.EventInfo;
import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/**
 * {@code reexec}: asks pdsupd to replace its program with whatever its launcher would start now, keeping every
 * service (live upgrade). A refusal says why and changes nothing. Once accepted, pdsupd closes this connection;
 * on this host pdctl then connects again (waiting in the socket's backlog for the new program) and reports the
 * outcome from pdsupd's own events ({@code @pdsupd}): the new program's "re-exec complete", or, when the exec
 * failed after the answer, exit status 1.
 */
final class ReexecCommand implements Command {
    static final String DAEMON_EVENTS = "@pdsupd";
    private final Path socket;

    /** @param socket where to reconnect to see the outcome, or null (-H: the answer is all there is) */
    ReexecCommand(Path socket) {
        this.socket = socket;
    }

    @Override
    public Request request(long id) {
        return Request.reexec(id);
    }

    @Override
    public int finish(Session session, Response first) throws CommandFailure {
        Output out = session.out();
        if (out.json()) out.printJson(first);
        else out.println("pdsupd is re-executing; every service stays as it is");
        out.flush();
        session.client().awaitClose();
        if (socket == null) return ExitCodes.OK;
        EventInfo last = null;
        try (Session again = Session.open(socket, out)) {
            Response ack = again.begin(Request.events(Session.FIRST_ID, List.of(), true, false));
            if (!ack.ok()) throw new ResponseFailure(ack);
            while (true) {
                Response r = again.next();
                if (r.isResponse()) break; // the end of the history
                EventInfo e = r.event();
                if (e != null && DAEMON_EVENTS.equals(e.service())) last = e;
            }
        }
        if (last != null && last.reason() != null && last.reason().startsWith("re-exec complete")) {
            if (!out.json()) out.println("pdsupd " + last.reason() + " (pid " + last.pid() + ")");
            return ExitCodes.OK;
        }
        throw new CommandFailure(ExitCodes.ERROR, "the re-exec did not complete: pdsupd goes on with its old program"
                + " (its log says why)");
    }
}
