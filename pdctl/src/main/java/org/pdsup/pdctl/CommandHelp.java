package org.pdsup.pdctl;

import java.util.LinkedHashMap;
import java.util.Map;

/** The help of each command, for {@code pdctl help COMMAND} and {@code pdctl COMMAND --help}. */
final class CommandHelp {
    private CommandHelp() {}

    /** Command name to its help text, in the order of {@code pdctl help}. */
    static final Map<String, String> TEXT = new LinkedHashMap<>();

    private static final String PROGRESS = "On a terminal, show each state change while waiting: the signal sent, when\n"
            + "SIGKILL follows, what a start waits for; a last line names the services still on their way.";
    private static final String NO_BLOCK = "  --no-block        return at once; the action goes on in pdsupd";

    static {
        add("status", "status [NAME...]",
                "Print the services (all, or those named; NAME may be a glob such as 'web*') as a table:",
                "state, how long it has been in that state (SINCE), PID, uptime of the process, restarts,",
                "and how the last run ended. A service that waits (starting, backoff, stopping) shows why.",
                "Exit 3 when a named service is neither running nor starting, or, without NAME, when any",
                "service is fatal.");
        add("start", "start [--no-block] NAME...",
                "Start the services (this clears 'fatal') and print them once they have been spawned.",
                PROGRESS, NO_BLOCK);
        add("stop", "stop [--no-block] NAME...",
                "Stop the services: their stop signal, then SIGKILL after their stop timeout; print them",
                "once they have exited.", PROGRESS, NO_BLOCK);
        add("restart", "restart [--no-block] NAME...", "Stop and start the services.", PROGRESS, NO_BLOCK);
        add("signal", "signal NAME SIG",
                "Send the signal SIG to the service's process: a name such as HUP, SIGHUP or usr1, or a",
                "number as kill(1) takes it on pdsupd's host (1 is HUP).");
        add("reload", "reload [NAME...]",
                "Make pdsupd re-read its configuration and apply the difference. A configuration with",
                "errors changes nothing: the errors are printed with file and line, and the exit status is 78.",
                "With NAME (globs too): send each service its reload-signal (SIGHUP by default; a forking",
                "service's daemon gets it). When one of them is not running, none is signalled.");
        add("reopen-logs", "reopen-logs",
                "Make pdsupd reopen every service log file, after newsyslog or logrotate rotated them.");
        add("events", "events [-f] [--no-history] [--utc] [NAME...]",
                "Print the state changes kept in pdsupd's event history, of all services or the named ones,",
                "in local time (to the millisecond on a terminal).",
                "  --utc             times in UTC (with a Z)",
                "  -f, --follow      keep printing new ones as they happen (exit 0 when pdsupd shuts",
                "                    down in order, 69 when the connection breaks); after a reexec,",
                "                    reconnect and go on after the last event (PDCTL_RECONNECT_TIMEOUT)",
                "  --no-history      with -f: skip the history, print only new ones");
        add("logs", "logs NAME... [-n N] [-f] [--since TIME] [--stdout|--stderr]",
                "Print the last N lines of services' output; with several (at most 8), each line is",
                "prefixed with its service's name.",
                "  -n, --lines N     how many lines (default 10, or 10000 with --since; at most 10000)",
                "  -f, --follow      keep printing new lines, across log rotations and a reexec",
                "  --since TIME      only lines written since TIME: a duration back from now (10m, 2h,",
                "                    1d) or a time (2026-12-07T03:00:00Z, 2026-12-07 03:00, 03:00 local);",
                "                    needs output.timestamps = true",
                "  --stdout, --stderr  only that stream's lines (needs output.combine = false)");
        add("show", "show NAME",
                "Print one service in detail: its state and why, where it is defined, its process (pid,",
                "process group, uptime, descriptor), where its output goes, what it requires and what",
                "requires it, its last exits with their CPU time and memory, and its effective",
                "configuration (environment variables by name only), each value with the file:line it",
                "comes from ('service-defaults at FILE:LINE', 'pdsupd.output at FILE:LINE' or 'default').");
        add("pid", "pid NAME", "Print the PID of the running service; exit 3 when it is not running.");
        add("wait", "wait NAME [--state S[,S...]] [--timeout T]",
                "Wait until the service is in one of the states S (default running); on a terminal, show",
                "its state changes meanwhile. On a timeout, say which state it is in and why.",
                "  --state S[,S...]  stopped, starting, running, stopping, exited, backoff or fatal",
                "  --timeout T       like 500ms, 10s, 2m, 1h (a bare number is seconds; default 30s,",
                "                    at most 24h); exit 75 when the time runs out");
        add("version", "version", "Print the versions of pdctl and of pdsupd.");
        add("shutdown", "shutdown [--no-block]",
                "Ask pdsupd to stop every service that does not persist, in reverse dependency order, and",
                "exit; return once it has closed the connection. On a terminal, show each service stopping.",
                "  --no-block        return at once");
        add("reexec", "reexec",
                "Replace pdsupd's program with whatever its launcher would start now (an upgrade installed in",
                "place), in the same process: every service keeps running with its PID, output, restart",
                "counters and state. A refusal (broken configuration, a new program that cannot take over)",
                "says why and changes nothing. As SIGUSR2 does.");
        add("help", "help [COMMAND]", "Print the summary of all commands, or the help of one.");
    }

    private static void add(String name, String synopsis, String... lines) {
        StringBuilder sb = new StringBuilder("usage: pdctl [-s SOCKET] [--json] ").append(synopsis).append("\n\n");
        for (String l : lines) sb.append(l).append('\n');
        sb.append("\nSee pdctl(8).\n");
        TEXT.put(name, sb.toString());
    }
}
