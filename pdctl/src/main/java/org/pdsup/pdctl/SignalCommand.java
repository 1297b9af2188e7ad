package org.pdsup.pdctl;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;
import org.pdsup.protocol.ServiceStatus;

/** {@code signal NAME SIG}: sends the signal through the service's process descriptor. */
final class SignalCommand implements Command {
    private final String name;
    private final String signal;

    SignalCommand(String name, String signal) {
        this.name = name;
        this.signal = signal;
    }

    @Override
    public Request request(long id) {
        return Request.signal(id, name, signal);
    }

    @Override
    public int finish(Session session, Response first) {
        Output out = session.out();
        if (out.json()) {
            out.printJson(first);
        } else {
            ServiceStatus s = first.service();
            String sig = signal.toUpperCase(java.util.Locale.ROOT);
            // a number is the daemon's host's numbering (as kill(1) there takes it)
            if (Character.isDigit(sig.charAt(0))) sig = "signal " + sig;
            else if (!sig.startsWith("SIG")) sig = "SIG" + sig;
            out.println("sent " + sig + " to " + name + (s != null && s.pid() > 0 ? " (pid " + s.pid() + ")" : ""));
        }
        return ExitCodes.OK;
    }
}
