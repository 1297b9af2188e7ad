package org.pdsup.procdesc.freebsd;

import java.util.Optional;

import org.pdsup.procdesc.SpawnException;

/**
 * A failure reported by the exec helper on its status pipe: one line {@code E <errno> <stage> <detail>}
 * (EOF without a line means the exec succeeded). The errno is the helper's own system's number, here FreeBSD's.
 *
 * @param errno  FreeBSD errno
 * @param stage  version, usage, login-class, fork, sendmsg, handoff, setsid, rlimit, nice, umask, setgroups, setgid, setuid,
 *               pdeathsig, ppid or exec
 * @param detail what the stage worked on (the program path for exec, the id for setuid...), "-" for nothing
 */
public record HelperStatus(int errno, String stage, String detail) {

    /** Parses what the status pipe delivered before EOF; empty for nothing (success). */
    public static Optional<HelperStatus> parse(String text) {
        if (text == null || text.isEmpty()) return Optional.empty();
        String line = text.lines().findFirst().orElse("").trim();
        String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !parts[0].equals("E")) {
            throw new IllegalArgumentException("exec helper wrote an unreadable status line: '" + line + "'");
        }
        int errno;
        try {
            errno = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("exec helper status line has no errno: '" + line + "'");
        }
        return Optional.of(new HelperStatus(errno, parts[2], parts.length == 4 ? parts[3] : "-"));
    }

    /** The failure as a {@link SpawnException} naming the program, the stage and the reason. */
    public SpawnException toException(String program) {
        if (stage.equals("version") || (stage.equals("usage") && detail.equals("-V"))) {
            return new SpawnException(org.pdsup.procdesc.ExecHelper.versionMismatch(stage.equals("version") ? detail
                    : "helper=1"), errno, "version", false);
        }
        String reason = FreeBsdErrno.describe(errno);
        String what = switch (stage) {
            case "exec" -> "cannot execute " + (detail.equals("-") ? program : detail);
            case "setuid" -> "cannot switch " + program + " to user id " + detail;
            case "setgid" -> "cannot switch " + program + " to group id " + detail;
            case "setgroups" -> "cannot set the supplementary groups of " + program;
            case "rlimit" -> "cannot set resource limit " + detail + " for " + program;
            case "nice" -> "cannot set the nice value of " + program;
            case "umask" -> "cannot set the umask of " + program;
            case "setsid" -> "cannot start a new session for " + program;
            case "login-class" -> "cannot apply login class " + detail + " (login.conf) to " + program;
            case "fork" -> "cannot fork for " + program;
            case "sendmsg" -> "exec helper cannot pass the process descriptor of " + program;
            case "handoff" -> "exec helper lost the supervisor before starting " + program;
            case "usage" -> "exec helper rejected its arguments (" + detail + ") for " + program;
            default -> "exec helper failed at " + stage + " (" + detail + ") for " + program;
        };
        return new SpawnException(what + ": " + reason, errno, stage.equals("rlimit") ? "rlimit " + detail : stage,
                FreeBsdErrno.isTransient(errno));
    }
}
