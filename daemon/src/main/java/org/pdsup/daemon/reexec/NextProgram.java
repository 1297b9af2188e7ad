package org.pdsup.daemon.reexec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.Fds;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;

/**
 * What a live re-exec executes: whatever the launcher would start now. The launcher (bin/pdsupd) passes its own
 * path as system property {@value #LAUNCHER_PROPERTY}; the re-exec asks it what it would run with pdsupd's
 * arguments and execs that, so an upgraded installation (a new tarball or package at the same place) starts with
 * the JVM flags the launcher chooses now. Without a launcher (pdsupd started by hand), the same command line as
 * now is run again.
 */
final class NextProgram {
    static final String LAUNCHER_PROPERTY = "pdsup.launcher";
    static final String TAKE_OVER = "--take-over=";

    private final List<String> daemonArgs;
    private final String launcher;
    /** What the launcher said it would run, from the last {@link #refusal} check. */
    private List<String> resolved;

    NextProgram(List<String> daemonArgs) {
        this.daemonArgs = daemonArgs.stream().filter(a -> !a.startsWith(TAKE_OVER)).toList();
        String l = System.getProperty(LAUNCHER_PROPERTY);
        this.launcher = l == null || l.isBlank() ? null : l;
    }

    /** The command line that takes over from descriptor {@code handoverFd}. */
    List<String> argv(int handoverFd) throws HandoverException {
        List<String> argv = new ArrayList<>();
        if (resolved != null) {
            argv.addAll(resolved); // pdsupd's arguments are its last ones
        } else if (launcher != null) {
            throw new HandoverException("the launcher's command is not known: the checks did not run");
        } else {
            ProcessHandle.Info info = ProcessHandle.current().info();
            argv.add(info.command().orElseThrow(() -> new HandoverException("cannot tell this process's program")));
            for (String a : info.arguments().orElse(new String[0])) {
                if (!a.startsWith(TAKE_OVER)) argv.add(a);
            }
        }
        argv.add(TAKE_OVER + handoverFd);
        return argv;
    }

    String describe() {
        return launcher != null ? "the launcher " + launcher : "this process's command line (no launcher)";
    }

    /**
     * Asks the next program whether it accepts: {@code --check-config --check-handover=FILE} with pdsupd's
     * arguments, FILE holding a handover of the present services without their processes; then asks the launcher
     * what it would run ({@code PDSUP_PRINT_COMMAND=1}), which {@link #argv} execs directly: the launcher, a shell,
     * must not run in this process, where it would reap the services' exits. Null when it accepts; otherwise what
     * it said. Without a launcher the next program is this one, which reads its own format.
     */
    String refusal(ProcessDescriptors procdesc, Path stateDir, byte[] probe) throws HandoverException {
        if (launcher == null) return null;
        Path probeFile = stateDir.resolve("handover-probe." + ProcessHandle.current().pid());
        try {
            Files.write(probeFile, probe);
            List<String> check = new ArrayList<>();
            check.add(launcher);
            check.addAll(daemonArgs);
            check.add("--check-config");
            check.add("--check-handover=" + probeFile);
            Ran ran = run(procdesc, stateDir, check, Map.of());
            if (ran.status != 0) {
                String said = new String(ran.output, StandardCharsets.UTF_8).strip();
                return "the new program (" + launcher + ") refused: " + (said.isEmpty() ? "exit status " + ran.status
                        : said);
            }
            List<String> print = new ArrayList<>();
            print.add(launcher);
            print.addAll(daemonArgs);
            Ran command = run(procdesc, stateDir, print, Map.of("PDSUP_PRINT_COMMAND", "1"));
            List<String> argv = new ArrayList<>();
            int from = 0;
            for (int i = 0; i < command.output.length; i++) {
                if (command.output[i] == 0) {
                    argv.add(new String(command.output, from, i - from, StandardCharsets.UTF_8));
                    from = i + 1;
                }
            }
            if (command.status != 0 || argv.isEmpty() || !argv.get(0).startsWith("/")) {
                return "the launcher " + launcher + " did not say what it would run (exit status " + command.status
                        + "): " + new String(command.output, StandardCharsets.UTF_8).strip();
            }
            resolved = argv;
            return null;
        } catch (SpawnException e) {
            return "cannot run the new program " + launcher + ": " + e.getMessage();
        } catch (IOException e) {
            throw new HandoverException("cannot write the handover probe in " + stateDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HandoverException("interrupted while the new program checked the handover", e);
        } finally {
            deleteQuietly(probeFile);
        }
    }

    private record Ran(int status, byte[] output) {}

    /** Runs {@code argv} (posix_spawn) with this environment plus {@code extra}; its output and exit status. */
    private static Ran run(ProcessDescriptors procdesc, Path stateDir, List<String> argv, Map<String, String> extra)
            throws IOException, SpawnException, InterruptedException {
        Path outFile = stateDir.resolve("handover-probe." + ProcessHandle.current().pid() + ".out");
        try {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.putAll(extra);
            int out = Fds.openFile(outFile, false);
            ProcessDescriptor pd;
            try {
                pd = procdesc.spawn(SpawnSpec.builder(argv).environment(env).stdin(Redirect.devNull())
                        .stdout(Redirect.fd(out)).stderr(Redirect.fd(out)).build());
            } finally {
                Fds.close(out);
            }
            int status;
            try (pd) {
                var exit = pd.waitFor();
                status = exit.kind() == ExitStatus.Kind.EXITED ? exit.code() : 128 + exit.signalNumber();
            }
            return new Ran(status, Files.readAllBytes(outFile));
        } finally {
            deleteQuietly(outFile);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover probe file is harmless and replaced next time
        }
    }
}
