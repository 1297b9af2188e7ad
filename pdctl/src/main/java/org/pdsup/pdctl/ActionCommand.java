package org.pdsup.pdctl;

import java.util.List;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Op;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/** {@code start|stop|restart NAME…}: asks, waits for the result, shows the services afterwards. */
final class ActionCommand implements Command {
    private final Op op;
    private final List<String> names;

    ActionCommand(Op op, List<String> names) {
        this.op = op;
        this.names = names;
    }

    @Override
    public Request request(long id) {
        return Request.action(id, op, names);
    }

    @Override
    public int finish(Session session, Response first) {
        Output out = session.out();
        if (out.json()) out.printJson(first);
        else out.out().print(StatusTable.render(first.services(), out));
        return ExitCodes.OK;
    }
}
