package org.pdsup.daemon;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.pdsup.config.ConfigLoader;

/**
 * {@code pdsupd}'s command line, parsed by hand (no option library: picocli's model was about 170 classes that
 * every pdsupd loaded and carried in its class-data archive for eight options; docs/architecture.md, "Libraries").
 * The syntax is picocli's, which pdsupd used before: {@code -c FILE}, {@code -cFILE}, {@code -c=FILE},
 * {@code --config FILE}, {@code --config=FILE}; short flags cluster ({@code -hV}); each option once; {@code --}
 * ends the options; no positional arguments. A bad command line is a {@link BadCommandLine} whose message says
 * what and where, printed before the usage with exit status 2.
 */
final class CommandLineOptions {
    Path config = ConfigLoader.defaultConfigFile();
    boolean example;
    boolean checkConfig;
    boolean printConfig;
    Path checkHandover;
    Integer takeOver;
    boolean version;
    boolean help;

    /** A command line pdsupd cannot run with. */
    static final class BadCommandLine extends Exception {
        BadCommandLine(String message) {
            super(message);
        }
    }

    private final Set<String> seen = new HashSet<>();

    /** Parses {@code args}. */
    static CommandLineOptions parse(String[] args) throws BadCommandLine {
        CommandLineOptions o = new CommandLineOptions();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                throw new BadCommandLine("Unmatched argument at index " + i + ": '" + a + "'");
            }
            if (a.equals("--")) {
                optionsEnded = true;
            } else if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                String attached = eq < 0 ? null : a.substring(eq + 1);
                if (takesValue(name)) {
                    String value = attached;
                    if (value == null) {
                        if (i + 1 >= args.length) throw missing(name);
                        value = args[++i];
                    }
                    o.set(name, value);
                } else if (isFlag(name)) {
                    if (attached != null) {
                        throw new BadCommandLine("option '" + name + "' takes no value, but was given '" + attached
                                + "'");
                    }
                    o.set(name, null);
                } else {
                    throw new BadCommandLine("Unknown option: '" + a + "'");
                }
            } else {
                // a cluster of short options: flags, then at most one option with its value (-hV, -cFILE, -c=FILE)
                for (int k = 1; k < a.length(); k++) {
                    String name = "-" + a.charAt(k);
                    if (takesValue(name)) {
                        String value = a.substring(k + 1);
                        if (value.startsWith("=")) value = value.substring(1);
                        if (value.isEmpty() && k + 1 == a.length()) {
                            if (i + 1 >= args.length) throw missing(name);
                            value = args[++i];
                        }
                        o.set(name, value);
                        break;
                    } else if (isFlag(name)) {
                        o.set(name, null);
                    } else {
                        throw new BadCommandLine("Unknown option: '" + (k == 1 ? a : name) + "'");
                    }
                }
            }
        }
        return o;
    }

    private static BadCommandLine missing(String name) {
        return new BadCommandLine("Missing required parameter for option '" + longName(name) + "' ("
                + (name.equals("--take-over") ? "FD" : "FILE") + ")");
    }

    private static boolean takesValue(String name) {
        return switch (name) {
            case "-c", "--config", "--check-handover", "--take-over" -> true;
            default -> false;
        };
    }

    private static boolean isFlag(String name) {
        return switch (name) {
            case "--example", "--check-config", "--print-config", "-V", "--version", "-h", "--help" -> true;
            default -> false;
        };
    }

    private static String longName(String name) {
        return switch (name) {
            case "-c" -> "--config";
            case "-V" -> "--version";
            case "-h" -> "--help";
            default -> name;
        };
    }

    private void set(String name, String value) throws BadCommandLine {
        String option = longName(name);
        if (!seen.add(option)) throw new BadCommandLine("option '" + option + "' should be specified only once");
        switch (option) {
            case "--config" -> config = path(option, value);
            case "--check-handover" -> checkHandover = path(option, value);
            case "--take-over" -> {
                try {
                    takeOver = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new BadCommandLine("Invalid value for option '--take-over': '" + value + "' is not an int");
                }
            }
            case "--example" -> example = true;
            case "--check-config" -> checkConfig = true;
            case "--print-config" -> printConfig = true;
            case "--version" -> version = true;
            case "--help" -> help = true;
            default -> throw new IllegalStateException(option);
        }
    }

    private static Path path(String option, String value) throws BadCommandLine {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new BadCommandLine("Invalid value for option '" + option + "': '" + value + "': " + e.getMessage());
        }
    }

    /** The usage, as {@code pdsupd --help} prints it (and, after the error, a bad command line). */
    static String usage() {
        return """
                Usage: pdsupd [-hV] [--check-config] [--example] [--print-config] [-c=FILE]
                              [--check-handover=FILE]
                Process supervisor holding a process descriptor for every service.
                  -c, --config=FILE    Configuration file (default: %s).
                      --example        Run the bundled example configuration (no root needed).
                      --check-config   Validate the configuration, print every error, and exit.
                      --print-config   Print the effective, resolved configuration and exit.
                      --check-handover=FILE
                                       With --check-config: also read FILE as a live re-exec's
                                         handover and check that this pdsupd accepts it for the
                                         configuration (pdctl reexec runs this on the new
                                         program).
                  -V, --version        Print version information and exit.
                  -h, --help           Show this help and exit.

                Exit status:
                  0    stopped cleanly, or the configuration is valid
                  1    could not start (message says why)
                  2    bad command line
                  78   the configuration is invalid (EX_CONFIG)
                """.formatted(ConfigLoader.defaultConfigFile());
    }
}
