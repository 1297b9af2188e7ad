package org.pdsup.daemon;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pdsup.config.ConfigException;
import org.pdsup.config.ConfigLoader;
import org.pdsup.config.PdsupConfig;
import org.pdsup.daemon.netty.NettyDefaults;
import org.pdsup.daemon.reexec.HandoverCheck;
import org.pdsup.daemon.reexec.HandoverException;
import org.pdsup.daemon.reexec.HandoverRead;
import org.pdsup.daemon.supervisor.HandoverState;
import org.pdsup.procdesc.Accounts;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.UnsupportedPlatformException;

/** {@code pdsupd}: the command line ({@link CommandLineOptions}) and its one-shot modes. */
public final class Main implements Callable<Integer> {
    /** sysexits(3) EX_CONFIG. */
    public static final int EXIT_CONFIG = 78;
    /** A bad command line. */
    static final int EXIT_USAGE = 2;

    private Path config;
    private boolean example;
    private boolean checkConfig;
    private boolean printConfig;
    private Path checkHandover;
    private Integer takeOver;
    private boolean version;

    private final PrintStream out;
    private final PrintStream err;
    private List<String> arguments = List.of();
    private java.time.Instant started = java.time.Instant.now();

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        java.time.Instant started = java.time.Instant.now();
        int code = run(args, System.out, System.err, started);
        // the log's last lines ("all services stopped") are queued for its writer thread: written before the exit,
        // waiting at most 2 s for a reader of standard output that has stopped
        org.pdsup.daemon.logging.BoundedStdout.flushRoot(java.time.Duration.ofSeconds(2));
        System.exit(code);
    }

    /** Runs pdsupd; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, java.time.Instant.now());
    }

    private static int run(String[] args, PrintStream out, PrintStream err, java.time.Instant started) {
        NettyDefaults.apply();
        CommandLineOptions o;
        try {
            o = CommandLineOptions.parse(args);
        } catch (CommandLineOptions.BadCommandLine e) {
            err.println(e.getMessage());
            err.print(CommandLineOptions.usage());
            err.flush();
            return EXIT_USAGE;
        }
        if (o.help) {
            out.print(CommandLineOptions.usage());
            out.flush();
            return 0;
        }
        Main main = new Main(out, err);
        main.arguments = List.of(args);
        main.started = started;
        main.config = o.config;
        main.example = o.example;
        main.checkConfig = o.checkConfig;
        main.printConfig = o.printConfig;
        main.checkHandover = o.checkHandover;
        main.takeOver = o.takeOver;
        main.version = o.version;
        try {
            return main.call();
        } catch (RuntimeException | Error e) {
            // what picocli did with an exception of the command: its trace, exit status 1
            e.printStackTrace(err);
            return 1;
        }
    }

    @Override
    public Integer call() {
        if (version) {
            out.println("pdsupd " + Version.get() + " (Java " + Runtime.version() + ", " + backend() + ")");
            return 0;
        }
        // a live re-exec: the handover is read and decoded while the configuration loads
        HandoverRead reading = takeOver == null ? null : HandoverRead.start(takeOver);
        // a daemon start: the C library bindings and the logging load on a second core meanwhile
        if (!checkConfig && !printConfig) StartupWarmup.begin();
        long configStart = System.nanoTime();
        ConfigLoader loader;
        try {
            loader = new ConfigLoader(Accounts.system());
        } catch (UnsupportedPlatformException e) {
            err.println("pdsupd: " + e.getMessage());
            return 1;
        }
        PdsupConfig cfg;
        StartupHeap.loosen(); // until the services have started (Pdsupd.runUntilStopped)
        try {
            cfg = example ? loader.loadExample() : loader.load(config);
        } catch (ConfigException e) {
            String where = example ? "the bundled example" : config.toString();
            err.println("pdsupd: " + where + ": " + e.errors().size() + " error"
                    + (e.errors().size() == 1 ? "" : "s") + ":");
            e.errors().forEach(x -> err.println("  " + x));
            return EXIT_CONFIG;
        }
        long configMillis = (System.nanoTime() - configStart) / 1_000_000;
        HandoverState handover = null;
        if (reading != null) {
            try {
                handover = reading.await();
            } catch (HandoverException | RuntimeException e) {
                // nothing can be handed back: exit, so that non-persistent services end with this process and the
                // next start re-adopts the persistent ones (docs/architecture.md, "Live re-exec")
                err.println("pdsupd: re-exec: cannot read the handover on descriptor " + takeOver + ": "
                        + e.getMessage());
                return 1;
            }
        }
        if (checkConfig && checkHandover != null) {
            String refusal = HandoverCheck.refusal(checkHandover, cfg);
            if (refusal != null) {
                err.println("pdsupd: handover " + checkHandover + ": " + refusal);
                return 1;
            }
        }
        if (checkConfig) {
            out.println("pdsupd: " + (example ? "the bundled example" : config) + ": configuration OK ("
                    + cfg.services().size() + " services)");
            return 0;
        }
        if (printConfig) {
            out.print(ConfigLoader.render(cfg));
            return 0;
        }
        try {
            return Pdsupd.runUntilStopped(cfg, () -> example ? loader.loadExample() : loader.load(config), handover,
                    arguments, reading == null ? null : new TakeoverTimes(started, configMillis, reading),
                    reading == null ? Map::of : reading::inherited);
        } catch (StartupException e) {
            err.println("pdsupd: " + e.getMessage());
            return 1;
        }
    }

    private static String backend() {
        try {
            return ProcessDescriptors.system().describe();
        } catch (RuntimeException e) {
            return "no process-descriptor backend: " + e.getMessage();
        }
    }
}
