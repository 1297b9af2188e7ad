package org.pdsup.pdctl;

import java.io.PrintStream;
import java.util.List;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;
import org.pdsup.protocol.ServiceStatus;

/**
 * {@code wait NAME [--state S[,S…]] [--timeout T]}: blocks until the service is in a state; exit 75 on timeout,
 * saying where the service is and why. On a terminal, shows the service's state changes while it waits.
 */
final class WaitCommand implements Command, Command.Progressive {
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

    /** On a timeout: the state the service is in instead, for how long, and why ("starting for 30s: waiting for db"). */
    @Override
    public void explain(Session session, Request request, Response error, PrintStream err) {
        if (!"timeout".equals(error.errorCode())) {
            Command.super.explain(session, request, error, err);
            return;
        }
        try {
            Response now = session.request(Request.status(Session.FIRST_ID + 2, List.of(name)));
            if (!now.ok() || now.services().isEmpty()) return;
            ServiceStatus s = now.services().get(0);
            StringBuilder sb = new StringBuilder("pdctl: ").append(name).append(" is ").append(s.state());
            if (s.sinceSeconds() >= 0) sb.append(" for ").append(Formats.uptime(s.sinceSeconds()));
            if (s.waitingFor() != null) sb.append(": waiting for ").append(s.waitingFor());
            else if (s.reason() != null && !s.reason().isEmpty()) sb.append(": ").append(s.reason());
            if (s.lastError() != null) sb.append(" (last error: ").append(s.lastError()).append(')');
            err.println(sb);
        } catch (CommandFailure e) {
            // the timeout is already reported
        }
    }

    @Override
    public int runWithProgress(Session session) throws CommandFailure {
        long eventsId = Session.FIRST_ID;
        long waitId = Session.FIRST_ID + 1;
        Response ack = session.begin(Request.events(eventsId, List.of(name), false, true));
        if (!ack.ok()) throw new ResponseFailure(ack);
        session.client().send(request(waitId));
        Progress progress = new Progress(session.out().out());
        Response answer = Command.Progressive.follow(session, eventsId, waitId, progress);
        progress.finish();
        if (!answer.ok()) throw new ResponseFailure(answer);
        return finish(session, answer);
    }
}
