package org.pdsup.pdctl;

import java.util.List;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.ReloadResult;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;
import org.pdsup.protocol.ServiceStatus;

/**
 * {@code reload}: what changed; on a broken configuration the errors and exit 78. {@code reload NAME…}: each
 * service was sent its reload signal.
 */
final class ReloadCommand implements Command {
    private final List<String> names;

    ReloadCommand(List<String> names) {
        this.names = List.copyOf(names);
    }

    @Override
    public Request request(long id) {
        return Request.reload(id, names);
    }

    @Override
    public int finish(Session session, Response first) {
        Output out = session.out();
        if (out.json()) {
            out.printJson(first);
            return ExitCodes.OK;
        }
        if (!names.isEmpty()) {
            for (ServiceStatus s : first.services()) {
                out.println("sent the reload signal to " + s.name() + (s.pid() > 0 ? " (pid " + s.pid() + ")" : ""));
            }
            return ExitCodes.OK;
        }
        ReloadResult r = ReloadResult.fromJson(first.frame());
        boolean changed = line(out, "added", r.added()) | line(out, "removed", r.removed())
                | line(out, "restarted", r.restarted()) | line(out, "updated", r.updated())
                | line(out, "pdsupd block", r.changedKeys());
        if (!changed) out.println("reload: no changes (" + r.unchanged().size() + " services unchanged)");
        else if (!r.unchanged().isEmpty()) out.println("unchanged: " + r.unchanged().size() + " services");
        return ExitCodes.OK;
    }

    private static boolean line(Output out, String what, List<String> names) {
        if (names.isEmpty()) return false;
        out.println(what + ": " + String.join(", ", names));
        return true;
    }
}
