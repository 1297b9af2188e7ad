package org.pdsup.pdctl;

import java.util.List;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;
import org.pdsup.protocol.ServiceStatus;

/** {@code wait NAME [--state S[,S…]] [--timeout T]}: blocks until the service is in a state; exit 75 on timeout. */
final class WaitCommand implements Command {
    private final String name;
    private final List<String> states;
    private final long timeoutMs;

    /** {@code timeoutMs} &lt; 0: the server's default. */
    WaitCommand(String name, List<String> states, long timeoutMs) {
        this.name = name;
        this.states = states;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Request request(long id) {
        return Request.waitFor(id, name, states, timeoutMs);
    }

    @Override
    public int finish(Session session, Response first) {
        Output out = session.out();
        if (out.json()) {
            out.printJson(first);
        } else {
            ServiceStatus s = first.service();
            String state = s == null ? String.join("|", states) : s.state();
            out.println(name + ": " + state + (s != null && s.pid() > 0 ? " (pid " + s.pid() + ")" : ""));
        }
        return ExitCodes.OK;
    }
}
