package org.pdsup.config;

import java.util.List;
import java.util.Locale;

/** Reads an output block ({@code pdsupd.output} or a service's merged {@code output}) and checks its rules. */
final class OutputReader {
    private OutputReader() {}

    /** syslog(3) facilities accepted by both FreeBSD and Linux (FreeBSD adds security, console and ntp). */
    static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4", "local5", "local6",
            "local7", "security", "console", "ntp");

    static final long MAX_LINE_MIN = 64;
    static final long MAX_LINE_MAX = 16L << 20;
    /** A service made to wait longer than this for its log is no longer supervised well; 1 hour is plenty. */
    static final java.time.Duration MAX_STALL_MAX = java.time.Duration.ofHours(1);

    static OutputConfig read(Scope s) {
        OutputTarget stdout = s.enumValue("stdout", OutputTarget.class, OutputTarget.NULL);
        OutputTarget stderr = s.enumValue("stderr", OutputTarget.class, OutputTarget.NULL);
        Boolean combine = s.bool("combine");
        Long maxSize = s.bytes("max-size", 0, 1L << 50);
        Integer keep = s.intValue("keep", 0, 1000);
        Boolean timestamps = s.bool("timestamps");
        String facility = s.string("syslog-facility", false);
        if (facility != null && !FACILITIES.contains(facility.toLowerCase(Locale.ROOT))) {
            s.error("syslog-facility", "unknown facility \"" + facility + "\" ("
                    + EditDistance.suggest(facility, FACILITIES).map(x -> "did you mean \"" + x + "\"? ").orElse("")
                    + "expected one of " + String.join(", ", FACILITIES) + ")");
            facility = null;
        }
        Long maxLine = s.bytes("max-line", MAX_LINE_MIN, MAX_LINE_MAX);
        Long buffer = s.bytes("buffer", 4096, 1L << 30);
        OutputOverflow overflow = s.enumValue("overflow", OutputOverflow.class);
        java.time.Duration maxStall = s.duration("max-stall", false);
        if (maxStall != null && maxStall.compareTo(MAX_STALL_MAX) > 0) {
            s.error("max-stall", "must be at most " + Sizes.format(MAX_STALL_MAX) + ", got " + Sizes.format(maxStall));
            maxStall = null;
        }

        if (Boolean.TRUE.equals(combine) && stdout != null && stderr != null && stdout != stderr) {
            s.ownConflict("combine", "combine = true sends both streams to one place, but stdout = "
                    + Scope.kebab(stdout) + " and stderr = " + Scope.kebab(stderr)
                    + " (set combine = false, or the same target for both)", "combine", "stderr", "stdout");
        }
        if (maxLine != null && buffer != null && buffer < maxLine) {
            s.ownConflict("buffer", "must hold at least one line of max-line (" + Sizes.format(maxLine) + "), got "
                    + Sizes.format(buffer), "buffer", "max-line");
        }
        if (stdout == null || stderr == null || combine == null || maxSize == null || keep == null
                || timestamps == null || facility == null || maxLine == null || buffer == null || overflow == null
                || maxStall == null) {
            return null;
        }
        return new OutputConfig(stdout, stderr, combine, maxSize, keep, timestamps,
                facility.toLowerCase(Locale.ROOT), maxLine.intValue(), buffer, overflow, maxStall);
    }
}
