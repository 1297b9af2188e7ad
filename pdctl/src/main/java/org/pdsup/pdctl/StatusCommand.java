package org.pdsup.pdctl;

import java.util.List;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;
import org.pdsup.protocol.ServiceStatus;

/**
 * {@code status [NAME…]}: the table; exit 3 when a named service is neither running nor starting, or, without
 * names, when any service is fatal (as supervisorctl does for programs that are not running).
 */
final class StatusCommand implements Command {
    private final List<String> names;

    StatusCommand(List<String> names) {
        this.names = names;
    }

    @Override
    public Request request(long id) {
        return Request.status(id, names);
    }

    @Override
    public int finish(Session session, Response first) {
        Output out = session.out();
        List<ServiceStatus> services = first.services();
        if (out.json()) {
            out.printJson(first);
        } else if (services.isEmpty()) {
            out.println("no services configured");
        } else {
            out.out().print(StatusTable.render(services, out));
        }
        for (ServiceStatus s : services) {
            if (names.isEmpty() ? "fatal".equals(s.state()) : !s.isUp()) return ExitCodes.NOT_RUNNING;
        }
        return ExitCodes.OK;
    }
}
