package org.pdsup.daemon.reexec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.pdsup.procdesc.Fds;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;

/**
 * What a live re-exec executes: whatever the launcher would start now. The launcher (bin/pdsupd) passes its own
 * path as system property {@value #LAUNCHER_PROPERTY}; the re-exec runs it again with pdsupd's arguments, so an
 * upgraded installation (a new tarball or package at the same place) starts with the JVM flags the launcher
 * chooses now. Without a launcher (pdsupd started by hand), the same command line as now is run again.
 */
final class NextProgram {
    static final String LAUNCHER_PROPERTY = "pdsup.launcher";
    static final String TAKE_OVER = "--take-over=";

    private final List<String> daemonArgs;
    private final String launcher;

    NextProgram(List<String> daemonArgs) {
        this.daemonArgs = daemonArgs.stream().filter(a -> !a.startsWith(TAKE_OVER)).toList();
        String l = System.getProperty(LAUNCHER_PROPERTY);
        this.launcher = l == null || l.isBlank() ? null : l;
    }

    /** The command line that takes over from descriptor {@code handoverFd}. */
    List<String> argv(int handoverFd) throws HandoverException {
        List<String> argv = new ArrayList<>();
        if (launcher != null) {
            argv.add(launcher);
            argv.addAll(daemonArgs);
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
     * arguments, FILE holding a handover of the present services without their processes. Null when it accepts;
     * otherwise what it said. Without a launcher the next program is this one, which reads its own format.
     */
    String refusal(ProcessDescriptors procdesc, Path stateDir, byte[] probe) throws HandoverException {
        if (launcher == null) return null;
        Path probeFile = stateDir.resolve("handover-probe." + ProcessHandle.current().pid());
        Path outFile = stateDir.resolve("handover-probe." + ProcessHandle.current().pid() + ".out");
        try {
            Files.write(probeFile, probe);
            List<String> argv = new ArrayList<>();
            argv.add(launcher);
            argv.addAll(daemonArgs);
            argv.add("--check-config");
            argv.add("--check-handover=" + probeFile);
            int out = Fds.openFile(outFile, false);
            ProcessDescriptor pd;
            try {
                pd = procdesc.spawn(SpawnSpec.builder(argv).environment(System.getenv()).stdin(Redirect.devNull())
                        .stdout(Redirect.fd(out)).stderr(Redirect.fd(out)).build());
            } finally {
                Fds.close(out);
            }
            int status;
            try (pd) {
                var exit = pd.waitFor();
                status = exit.kind() == org.pdsup.procdesc.ExitStatus.Kind.EXITED ? exit.code() : 128 + exit.signalNumber();
            }
            String said = Files.readString(outFile, StandardCharsets.UTF_8).strip();
            return status == 0 ? null : "the new program (" + launcher + ") refused: " + (said.isEmpty()
                    ? "exit status " + status : said);
        } catch (SpawnException e) {
            return "cannot run the new program " + launcher + ": " + e.getMessage();
        } catch (IOException e) {
            throw new HandoverException("cannot write the handover probe in " + stateDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HandoverException("interrupted while the new program checked the handover", e);
        } finally {
            deleteQuietly(probeFile);
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
