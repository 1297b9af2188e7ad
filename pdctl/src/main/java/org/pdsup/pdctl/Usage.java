package org.pdsup.pdctl;

/** The help text of pdctl. */
final class Usage {
    private Usage() {}

    static final String TEXT = String.join("\n",
            "usage: pdctl [-H [USER@]HOST[:PORT]] [-s SOCKET] [--json] COMMAND [ARG...]",
            "",
            "Commands:",
            "  status [NAME...]              services as a table (NAME may be a glob such as 'web*');",
            "                                exit 3 when a named service is neither running nor starting,",
            "                                or without NAME when any service is fatal",
            "  start [--no-block] NAME...    start services (clears 'fatal')",
            "  stop [--no-block] NAME...     stop services (on a terminal: each step as it happens)",
            "  restart [--no-block] NAME...  restart services",
            "  signal NAME SIG               send a signal (HUP, TERM, USR1, ...) to a service",
            "  reload                        re-read the configuration and apply the changes",
            "  reopen-logs                   reopen every service log file (after newsyslog rotated them)",
            "  events [-f] [--no-history] [--utc] [NAME...]",
            "                                state changes from the daemon's history; -f keeps following",
            "  logs NAME... [-n N] [-f]      the last N lines (default 10) of services' output; -f follows",
            "  show NAME                     one service in detail: process, output, dependencies, exits, configuration",
            "  pid NAME                      the PID of a running service",
            "  wait NAME [--state S[,S...]] [--timeout T]",
            "                                wait until the service is in state S (default running);",
            "                                T like 500ms, 10s, 2m (default 30s); exit 75 on timeout",
            "  version                       pdctl's and pdsupd's versions",
            "  reexec                        replace pdsupd's program (live upgrade), keeping every service",
            "  shutdown [--no-block]         stop all services and pdsupd",
            "  help [COMMAND]                this text, or the help of one command (also: COMMAND --help)",
            "",
            "Options:",
            "  -s, --socket SOCKET           control socket (default: $PDCTL_SOCKET, else pdsupd.control.socket",
            "                                of pdsupd's configuration file, else /var/run/pdsupd.sock)",
            "  -H, --host [USER@]HOST[:PORT] run the command on another host's pdsupd, through ssh",
            "  --json                        print each answer of the daemon as one JSON object per line",
            "",
            "Exit status: 0 success, 1 error, 2 usage, 3 not running (or fatal), 4 no such service,",
            "69 daemon unreachable, 75 timeout, 77 forbidden, 78 configuration error.",
            "See pdctl(8).",
            "");
}
