package org.pdsup.pdctl;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Response;

/** pdctl: the command-line client of pdsupd. See pdctl(8) and docs/protocol.md. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // UTF-8 whatever the locale: JSON is UTF-8, and log lines must not turn into '?'
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Map<String, String> env = System.getenv();
        boolean terminal = Terminal.isTerminal();
        int status = run(args, out, err, env, terminal && Terminal.colourAllowed(env), terminal,
                ConfigSocket.defaultConfigFile());
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs one pdctl command and returns its exit status (see {@code ExitCodes}).
     *
     * @param colour whether human output may use ANSI colours
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, boolean colour) {
        return run(args, out, err, env, colour, false, ConfigSocket.defaultConfigFile());
    }

    /**
     * @param terminal   standard output is a terminal: long operations show their progress
     * @param configFile pdsupd's configuration file, read for the socket when neither -s nor the environment
     *                   names one
     */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, boolean colour,
                   boolean terminal, String configFile) {
        CommandLine line;
        Command command;
        try {
            line = CommandLine.parse(args, env, configFile);
            if (line.help || "help".equals(line.commandName)) {
                out.print(line.helpText());
                out.flush();
                return ExitCodes.OK;
            }
            if (line.commandName == null) {
                err.print(Usage.TEXT);
                return ExitCodes.USAGE;
            }
            command = line.command();
            if (command == null) return bridge(line, err);
        } catch (UsageException e) {
            err.println("pdctl: " + e.getMessage());
            err.println("Try 'pdctl help'.");
            return ExitCodes.USAGE;
        }
        Output output = new Output(out, err, line.json, colour, terminal);
        try (Session session = line.host != null
                ? Session.open(() -> new ControlClient(SshTransport.open(line.host, line.socketOption, env)), output)
                : Session.open(Path.of(line.socket), output)) {
            Request request = command.request(Session.FIRST_ID);
            try {
                if (terminal && !line.json && command instanceof Command.Progressive p && p.wantsProgress()) {
                    return p.runWithProgress(session);
                }
                Response first = session.begin(request);
                if (!first.ok()) throw new ResponseFailure(first);
                return command.finish(session, first);
            } catch (ResponseFailure f) {
                output.failure(f.response());
                if (!line.json) command.explain(session, request, f.response(), err);
                return command.failureStatus(f.response());
            }
        } catch (ResponseFailure f) {
            output.failure(f.response());
            return command.failureStatus(f.response());
        } catch (CommandFailure f) {
            err.println("pdctl: " + f.getMessage());
            return f.exitCode();
        } catch (java.nio.file.InvalidPathException e) {
            err.println("pdctl: invalid socket path '" + line.socket + "': " + e.getReason());
            return ExitCodes.USAGE;
        } finally {
            output.flush();
        }
    }

    /** {@code stdio-bridge}, the remote end of -H: standard input and output to the socket, byte for byte. */
    private static int bridge(CommandLine line, PrintStream err) {
        try {
            return StdioBridge.run(Path.of(line.socket), System.in, new java.io.FileOutputStream(java.io.FileDescriptor.out));
        } catch (CommandFailure f) {
            err.println("pdctl: " + f.getMessage());
            return f.exitCode();
        } catch (java.nio.file.InvalidPathException e) {
            err.println("pdctl: invalid socket path '" + line.socket + "': " + e.getReason());
            return ExitCodes.USAGE;
        }
    }

    /** pdctl's version from the jar manifest, or "dev" when run from classes. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
