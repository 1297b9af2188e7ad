package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.nio.file.Path;

import org.pdsup.config.OutputConfig;
import org.pdsup.config.OutputTarget;
import org.pdsup.daemon.output.LogFiles;
import org.pdsup.daemon.output.RunOutput;
import org.pdsup.procdesc.Redirect;

/**
 * The output of a run that nobody reads: it goes straight to its file, to /dev/null, or to the daemon's own
 * stdout/stderr. A persistent service writes so, since it outlives the supervisor's pipes.
 */
record DirectOutput(Redirect stdout, Redirect stderr) implements RunOutput {

    /** The daemon's own streams for both. */
    static DirectOutput inherit() {
        return new DirectOutput(Redirect.inherit(), Redirect.inherit());
    }

    /** What {@code cfg} asks for, with files under {@code logDir}/{@code service}/ (created here). */
    static DirectOutput of(String service, OutputConfig cfg, Path logDir) throws IOException {
        return new DirectOutput(redirect(service, cfg, logDir, true), redirect(service, cfg, logDir, false));
    }

    private static Redirect redirect(String service, OutputConfig cfg, Path logDir, boolean stdout) throws IOException {
        OutputTarget target = stdout ? cfg.stdout() : cfg.stderr();
        return switch (target) {
            case NULL -> Redirect.devNull();
            case INHERIT, SYSLOG -> Redirect.inherit();
            case FILE -> {
                String file = cfg.combine() ? "output.log" : (stdout ? "stdout.log" : "stderr.log");
                // checked directories, the file created rw-r----- and refused if a link or not ours
                yield Redirect.file(LogFiles.prepareDirect(logDir, service, file), true);
            }
        };
    }

    @Override
    public void spawned() {
        // the child holds the only descriptors
    }

    @Override
    public void abandon() {
        // nothing was opened in the parent
    }

    @Override
    public void exited(Runnable whenFlushed) {
        whenFlushed.run();
    }
}
