package org.pdsup.daemon.control;

import java.time.Instant;
import java.time.OffsetDateTime;

import org.pdsup.config.OutputConfig;
import org.pdsup.config.OutputTarget;
import org.pdsup.daemon.output.LineFilter;
import org.pdsup.protocol.ErrorCode;
import org.pdsup.protocol.Request;

/**
 * The filters of a {@code logs} request ({@code since}, {@code stream}), checked against the service's output
 * settings: a filter its log cannot answer is refused with {@code invalid_state} saying why and what to set,
 * rather than showing nothing.
 */
final class LogFilters {
    private LogFilters() {}

    /** True when the request asks for a filter (then the service's settings are read first). */
    static boolean wanted(Request r) {
        return r.since() != null || r.stream() != null;
    }

    /** The filter for {@code r} on service {@code name} with output settings {@code o}. */
    static LineFilter check(String name, OutputConfig o, Request r) {
        String stream = r.stream();
        if (stream != null) {
            if (o.combine() && o.stdout() == OutputTarget.FILE && o.stderr() == OutputTarget.FILE) {
                throw refused(name + "'s stdout and stderr go to one file through one pipe (output.combine = true),"
                        + " so its lines cannot be told apart by stream; set services." + name
                        + ".output.combine = false to keep them apart");
            }
            OutputTarget t = stream.equals("stdout") ? o.stdout() : o.stderr();
            if (t == OutputTarget.INHERIT || t == OutputTarget.NULL) {
                throw refused(name + "'s " + stream + " is not captured (output." + stream + " = "
                        + t.name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }
        Instant since = null;
        if (r.since() != null) {
            if (!o.timestamps()) {
                throw refused(name + "'s log lines carry no timestamps (output.timestamps = false), so they cannot"
                        + " be picked by time; set services." + name + ".output.timestamps = true");
            }
            for (String s : stream == null ? new String[] {"stdout", "stderr"} : new String[] {stream}) {
                OutputTarget t = s.equals("stdout") ? o.stdout() : o.stderr();
                if (t == OutputTarget.SYSLOG) {
                    throw refused(name + "'s " + s + " goes to syslog, whose lines pdsupd does not timestamp;"
                            + " read them from the syslog files" + (stream == null ? " (or pick the other stream)" : ""));
                }
            }
            since = OffsetDateTime.parse(r.since()).toInstant();
        }
        return LineFilter.of(stream, since);
    }

    private static ControlException refused(String message) {
        return new ControlException(ErrorCode.INVALID_STATE.wire(), message);
    }
}
