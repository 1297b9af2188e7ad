package org.pdsup.pdctl;

import java.util.List;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Op;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/**
 * {@code start|stop|restart [--no-block] NAME…}: asks, waits for the result, shows the services afterwards. On a
 * terminal it also shows each state change while it waits ({@link Progress}); with {@code --no-block} the
 * daemon answers at once and the action goes on.
 */
final class ActionCommand implements Command, Command.Progressive {
    private final Op op;
    private final List<String> names;
    private final boolean block;

    ActionCommand(Op op, List<String> names, boolean block) {
        this.op = op;
        this.names = names;
        this.block = block;
    }

    @Override
    public Request request(long id) {
        return Request.action(id, op, names, block);
    }

    @Override
    public int finish(Session session, Response first) {
        Output out = session.out();
        if (out.json()) {
            out.printJson(first);
        } else if (!block) {
            out.println(op.wire() + " requested: " + String.join(", ", names(first)));
        } else {
            out.out().print(StatusTable.render(first.services(), out));
        }
        return ExitCodes.OK;
    }

    private static List<String> names(Response r) {
        return r.services().stream().map(s -> s.name()).toList();
    }

    @Override
    public boolean wantsProgress() {
        return block;
    }

    /** Follows the services' events (subscribed before the action is sent) until the action's answer. */
    @Override
    public int runWithProgress(Session session) throws CommandFailure {
        long eventsId = Session.FIRST_ID;
        long actionId = Session.FIRST_ID + 1;
        Response ack = session.begin(Request.events(eventsId, names, false, true));
        if (!ack.ok()) throw new ResponseFailure(ack);
        session.client().send(request(actionId));
        Progress progress = new Progress(session.out().out());
        Response answer = Command.Progressive.follow(session, eventsId, actionId, progress);
        progress.finish();
        if (!answer.ok()) throw new ResponseFailure(answer);
        return finish(session, answer);
    }
}
