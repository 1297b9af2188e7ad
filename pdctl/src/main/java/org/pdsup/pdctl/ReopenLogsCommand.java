package org.pdsup.pdctl;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/** {@code reopen-logs}: the daemon reopens every service log file (after external rotation). */
final class ReopenLogsCommand implements Command {

    @Override
    public Request request(long id) {
        return Request.reopenLogs(id);
    }

    @Override
    public int finish(Session session, Response first) {
        Output out = session.out();
        if (out.json()) out.printJson(first);
        else out.println("log files reopened");
        return ExitCodes.OK;
    }
}
