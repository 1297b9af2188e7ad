package org.pdsup.pdctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.pdsup.protocol.Op;
import org.pdsup.protocol.Protocol;

/**
 * pdctl's command line, parsed by hand: the global options ({@code -s}, {@code --json}) may appear anywhere;
 * the first other word is the command, the rest are its arguments and options. No option library: picocli's
 * reflection and annotation scanning cost more start-up time than this whole client does.
 */
final class CommandLine {
    final String socket;
    /** The socket of -s alone (what -H passes to the remote pdctl), or null. */
    final String socketOption;
    /** -H: [user@]host[:port] to reach through ssh, or null for this host. */
    final String host;
    final boolean json;
    final boolean help;
    final String commandName;
    final List<String> args;
    private final Map<String, String> env;

    private CommandLine(String socket, String socketOption, String host, boolean json, boolean help,
                        String commandName, List<String> args, Map<String, String> env) {
        this.env = env;
        this.socket = socket;
        this.socketOption = socketOption;
        this.host = host;
        this.json = json;
        this.help = help;
        this.commandName = commandName;
        this.args = args;
    }

    static CommandLine parse(String[] argv, Map<String, String> env) throws UsageException {
        return parse(argv, env, ConfigSocket.defaultConfigFile());
    }

    /**
     * {@code configFile}: pdsupd's main configuration file, whose {@code pdsupd.control.socket} is the socket
     * when neither {@code -s} nor {@code PDCTL_SOCKET} names one (read only then).
     */
    static CommandLine parse(String[] argv, Map<String, String> env, String configFile) throws UsageException {
        String socket = null;
        String host = null;
        boolean json = false;
        boolean help = false;
        String command = null;
        List<String> rest = new ArrayList<>();
        boolean positionalOnly = false;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!positionalOnly) {
                if (a.equals("--")) {
                    positionalOnly = true;
                    continue;
                }
                if (a.equals("-s") || a.equals("--socket")) {
                    if (i + 1 >= argv.length) throw new UsageException("option " + a + " needs a socket path");
                    socket = argv[++i];
                    continue;
                }
                if (a.startsWith("--socket=")) {
                    socket = a.substring("--socket=".length());
                    continue;
                }
                if (a.equals("-H") || a.equals("--host")) {
                    if (i + 1 >= argv.length) throw new UsageException("option " + a + " needs [user@]host[:port]");
                    host = argv[++i];
                    continue;
                }
                if (a.startsWith("--host=")) {
                    host = a.substring("--host=".length());
                    continue;
                }
                if (a.equals("--json")) {
                    json = true;
                    continue;
                }
                if (a.equals("-h") || a.equals("--help")) {
                    help = true;
                    continue;
                }
                if (a.equals("--version") && command == null) {
                    command = "version";
                    continue;
                }
            }
            if (command == null && !a.startsWith("-")) command = a;
            else if (command == null) throw new UsageException("unknown option '" + a + "'");
            else rest.add(a);
        }
        String socketOption = socket;
        if (host == null) { // with -H the remote pdctl finds its socket
            if (socket == null) socket = env.get(Protocol.SOCKET_ENV);
            if (socket == null || socket.isEmpty()) socket = ConfigSocket.read(configFile);
        }
        if (socket == null) socket = Protocol.DEFAULT_SOCKET;
        return new CommandLine(socket, socketOption, host, json, help, command, rest, env);
    }

    /** The states a service can be in, as {@code wait --state} takes them. */
    static final List<String> STATES = List.of("stopped", "starting", "running", "stopping", "exited", "backoff",
            "fatal");

    /**
     * What {@code help}, {@code -h} or {@code --help} prints: the summary, or the help of the command named
     * ({@code pdctl help stop}, {@code pdctl stop --help}).
     */
    String helpText() throws UsageException {
        String topic = "help".equals(commandName) ? (args.isEmpty() ? null : args.get(0)) : commandName;
        if (topic == null) return Usage.TEXT;
        String text = CommandHelp.TEXT.get(topic);
        if (text == null) throw unknownCommand(topic);
        return text;
    }

    private static UsageException unknownCommand(String name) {
        return new UsageException("unknown command '" + name + "'" + Suggest.hint(name, CommandHelp.TEXT.keySet()));
    }

    /** The command object for the command name and its arguments. */
    Command command() throws UsageException {
        switch (commandName) {
            case "status":
                return new StatusCommand(names(0));
            case "start":
                return action(Op.START);
            case "stop":
                return action(Op.STOP);
            case "restart":
                return action(Op.RESTART);
            case "signal":
                exactly(2, "NAME SIG");
                return new SignalCommand(args.get(0), args.get(1));
            case "reload":
                return new ReloadCommand(names(0));
            case "reopen-logs":
                exactly(0, "");
                return new ReopenLogsCommand();
            case "events":
                return events();
            case "logs":
                return logs();
            case "pid":
                exactly(1, "NAME");
                return new PidCommand(args.get(0));
            case "show":
                exactly(1, "NAME");
                return new ShowCommand(args.get(0));
            case "wait":
                return waitCommand();
            case "version":
                exactly(0, "");
                return new VersionCommand();
            case "stdio-bridge":
                exactly(0, "");
                if (host != null) throw new UsageException("stdio-bridge is the remote end of -H, not for -H itself");
                return null;
            case "reexec":
                exactly(0, "");
                return new ReexecCommand(host == null ? java.nio.file.Path.of(socket) : null);
            case "shutdown":
                if (args.equals(List.of("--no-block"))) return new ShutdownCommand(false);
                exactly(0, "");
                return new ShutdownCommand(true);
            default:
                throw unknownCommand(commandName);
        }
    }

    private Command action(Op op) throws UsageException {
        boolean block = true;
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--no-block")) block = false;
            else if (a.startsWith("-")) throw new UsageException("unknown option '" + a + "' for '" + commandName + "'");
            else names.add(a);
        }
        if (names.isEmpty()) throw new UsageException("'" + commandName + "' needs at least one NAME");
        return new ActionCommand(op, names, block);
    }

    private List<String> names(int min) throws UsageException {
        for (String a : args) {
            if (a.startsWith("-")) throw new UsageException("unknown option '" + a + "' for '" + commandName + "'");
        }
        if (args.size() < min) throw new UsageException("'" + commandName + "' needs at least one NAME");
        return args;
    }

    private void exactly(int n, String what) throws UsageException {
        for (String a : args) {
            if (a.startsWith("-")) {
                throw new UsageException("unknown option '" + a + "' for '" + commandName + "'");
            }
        }
        if (args.size() != n) {
            throw new UsageException(n == 0 ? "'" + commandName + "' takes no arguments"
                    : "usage: pdctl " + commandName + " " + what);
        }
    }

    private Command events() throws UsageException {
        boolean follow = false;
        boolean history = true;
        boolean utc = false;
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (a.equals("-f") || a.equals("--follow")) follow = true;
            else if (a.equals("--utc")) utc = true;
            else if (a.equals("--no-history")) history = false;
            else if (a.startsWith("-")) throw new UsageException("unknown option '" + a + "' for 'events'");
            else names.add(a);
        }
        if (!history && !follow) throw new UsageException("'events --no-history' needs -f (there would be nothing to show)");
        return new EventsCommand(names, follow, history, utc, reconnectMillis(follow));
    }

    private Command logs() throws UsageException {
        boolean follow = false;
        int lines = -1;
        String since = null;
        String stream = null;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            if (a.equals("-f") || a.equals("--follow")) {
                follow = true;
                continue;
            } else if (a.equals("--stdout") || a.equals("--stderr")) {
                String s = a.substring(2);
                if (stream != null && !stream.equals(s)) {
                    throw new UsageException("--stdout and --stderr exclude each other (without either: both streams)");
                }
                stream = s;
                continue;
            } else if (a.equals("--since") || a.startsWith("--since=")) {
                String t = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
                if (t == null) {
                    if (i + 1 >= args.size()) throw new UsageException("option --since needs a time or a duration");
                    t = args.get(++i);
                }
                since = SinceTime.parse(t, java.time.Instant.now(), java.time.ZoneId.systemDefault()).toString();
                continue;
            } else if (a.equals("-n") || a.equals("--lines")) {
                if (i + 1 >= args.size()) throw new UsageException("option " + a + " needs a number of lines");
                value = args.get(++i);
            } else if (a.startsWith("-n") && a.length() > 2) {
                value = a.substring(2);
            } else if (a.startsWith("--lines=")) {
                value = a.substring("--lines=".length());
            } else if (a.startsWith("-")) {
                throw new UsageException("unknown option '" + a + "' for 'logs'");
            } else {
                names.add(a);
                continue;
            }
            lines = count(value);
        }
        if (names.isEmpty()) {
            throw new UsageException("usage: pdctl logs NAME... [-n N] [-f] [--since TIME] [--stdout|--stderr]");
        }
        if (names.size() > LogsCommand.MAX_SERVICES) {
            throw new UsageException("'logs' takes at most " + LogsCommand.MAX_SERVICES + " services at once");
        }
        // --since without -n: every line since then (up to the protocol's limit), as journalctl does
        if (lines < 0) lines = since != null ? Protocol.MAX_LOG_LINES : Protocol.DEFAULT_LOG_LINES;
        return new LogsCommand(names, lines, follow, since, stream, reconnectMillis(follow));
    }

    /** -f follows pdsupd through a re-exec for at most PDCTL_RECONNECT_TIMEOUT (read only then). */
    private long reconnectMillis(boolean follow) throws UsageException {
        return follow ? Reconnect.timeoutMillis(env) : Reconnect.DEFAULT_TIMEOUT_MS;
    }

    private static int count(String value) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n < 0 || n > Protocol.MAX_LOG_LINES) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("invalid line count '" + value + "' (0 to " + Protocol.MAX_LOG_LINES + ")");
        }
    }

    private Command waitCommand() throws UsageException {
        String name = null;
        List<String> states = List.of("running");
        long timeout = -1;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--state") || a.equals("--timeout")) {
                if (i + 1 >= args.size()) throw new UsageException("option " + a + " needs a value");
                String v = args.get(++i);
                if (a.equals("--state")) states = states(v);
                else timeout = Durations.parseMillis(v, a);
            } else if (a.startsWith("--state=")) {
                states = states(a.substring("--state=".length()));
            } else if (a.startsWith("--timeout=")) {
                timeout = Durations.parseMillis(a.substring("--timeout=".length()), "--timeout");
            } else if (a.startsWith("-")) {
                throw new UsageException("unknown option '" + a + "' for 'wait'");
            } else if (name == null) {
                name = a;
            } else {
                throw new UsageException("usage: pdctl wait NAME [--state S] [--timeout T]");
            }
        }
        if (name == null) throw new UsageException("usage: pdctl wait NAME [--state S] [--timeout T]");
        if (timeout > Protocol.MAX_WAIT_TIMEOUT_MS) throw new UsageException("--timeout may be at most 24h");
        return new WaitCommand(name, states, timeout);
    }

    private static List<String> states(String v) throws UsageException {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.isEmpty()) continue;
            if (!STATES.contains(t)) {
                throw new UsageException("unknown state '" + t + "' for --state" + Suggest.hint(t, STATES)
                        + "; the states are " + String.join(", ", STATES));
            }
            out.add(t);
        }
        if (out.isEmpty()) throw new UsageException("--state needs a state name such as running or exited");
        return out;
    }
}
