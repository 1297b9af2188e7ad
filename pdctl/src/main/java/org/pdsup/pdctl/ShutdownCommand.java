package org.pdsup.pdctl;

import java.util.List;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/**
 * {@code shutdown [--no-block]}: asks the daemon to stop its services and exit; returns once it closed the
 * connection (at once with {@code --no-block}). On a terminal, shows each service stopping meanwhile.
 */
final class ShutdownCommand implements Command, Command.Progressive {
    private final boolean block;

    ShutdownCommand(boolean block) {
        this.block = block;
    }

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
        if (block) session.client().awaitClose();
        return ExitCodes.OK;
    }

    @Override
    public boolean wantsProgress() {
        return block;
    }

    /** Follows every service's events (subscribed before the shutdown is sent) until pdsupd closes the connection. */
    @Override
    public int runWithProgress(Session session) throws CommandFailure {
        long eventsId = Session.FIRST_ID;
        long shutdownId = Session.FIRST_ID + 1;
        Response ack = session.begin(Request.events(eventsId, List.of(), false, true));
        if (!ack.ok()) throw new ResponseFailure(ack);
        session.client().send(request(shutdownId));
        Progress progress = new Progress(session.out().out());
        Response answer = Command.Progressive.follow(session, eventsId, shutdownId, progress);
        if (!answer.ok()) {
            progress.finish();
            throw new ResponseFailure(answer);
        }
        progress.note("pdsupd is shutting down");
        try {
            while (true) {
                Response r = session.next();
                if (r.id() != null && r.id() == eventsId && r.event() != null) progress.event(r.event());
            }
        } catch (CommandFailure closed) {
            // pdsupd has exited: the end we wait for
        }
        progress.finish();
        session.out().println("pdsupd has stopped");
        return ExitCodes.OK;
    }
}
