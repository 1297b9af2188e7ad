package org.pdsup.pdctl;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/** {@code pid NAME}: the PID alone (for scripts); exit 3 when the service is not running. */
final class PidCommand implements Command {
    private final String name;

    PidCommand(String name) {
        this.name = name;
    }

    @Override
    public Request request(long id) {
        return Request.pid(id, name);
    }

    @Override
    public int finish(Session session, Response first) {
        Output out = session.out();
        if (out.json()) out.printJson(first);
        else out.println(Long.toString(first.integer("pid", 0)));
        return ExitCodes.OK;
    }

    @Override
    public int failureStatus(Response error) {
        return "invalid_state".equals(error.errorCode()) ? ExitCodes.NOT_RUNNING : ExitCodes.forError(error.errorCode());
    }
}
