package org.pdsup.pdctl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;
import org.pdsup.protocol.ServiceStatus;

/**
 * After a {@code no_such_service} answer: asks the daemon for every service name (one more request on the same
 * connection, only on this error path) and prints "did you mean" for each name of the request it does not know.
 */
final class NameHints {
    private NameHints() {}

    static void print(Session session, Request failed, PrintStream err) {
        List<String> asked = new ArrayList<>(failed.services());
        if (failed.service() != null) asked.add(failed.service());
        List<String> known = new ArrayList<>();
        try {
            Response all = session.request(Request.status(Session.FIRST_ID + 1, List.of()));
            if (!all.ok()) return;
            for (ServiceStatus s : all.services()) known.add(s.name());
        } catch (CommandFailure e) {
            return; // the hint is a courtesy: the error is already reported
        }
        for (String name : asked) {
            if (known.contains(name) || name.indexOf('*') >= 0 || name.indexOf('?') >= 0) continue;
            String question = Suggest.question(name, known);
            if (!question.isEmpty()) err.println("pdctl: '" + name + "': " + question);
        }
    }
}
