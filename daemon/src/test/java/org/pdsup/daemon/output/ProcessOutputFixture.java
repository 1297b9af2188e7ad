package org.pdsup.daemon.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.pdsup.config.OutputConfig;
import org.pdsup.config.OutputTarget;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.SpawnSpec;

/** Real processes through procdesc, their output through an {@link OutputCapture}, as the supervisor does it. */
final class ProcessOutputFixture implements AutoCloseable {
    final ProcessDescriptors procdesc = ProcessDescriptors.system();
    final ExitWatcher watcher = procdesc.newExitWatcher("test-exit-watcher");
    final OutputCapture capture;

    ProcessOutputFixture(Path logDir, long totalBufferBytes) {
        capture = new OutputCapture(watcher, procdesc, logDir, totalBufferBytes);
    }

    static OutputConfig config(boolean combine, long maxSize, int keep, boolean timestamps, int maxLine, long buffer) {
        return new OutputConfig(OutputTarget.FILE, OutputTarget.FILE, combine, maxSize, keep, timestamps, "daemon",
                maxLine, buffer);
    }

    /** What the exit listener saw, completed when the output is flushed (as the supervisor reports the exit). */
    record Exit(ExitStatus status, ProcessDescriptor process) {}

    /** Spawns {@code /bin/sh -c script} with its output captured; the future completes after whenFlushed. */
    CompletableFuture<Exit> start(String service, OutputConfig cfg, String script, Runnable inWhenFlushed) throws IOException {
        return start(service, cfg, script, inWhenFlushed, s -> { });
    }

    private CompletableFuture<Exit> start(String service, OutputConfig cfg, String script, Runnable inWhenFlushed,
                                          java.util.function.Consumer<ExitStatus> onExit) throws IOException {
        RunOutput run = capture.open(service, cfg);
        ProcessDescriptor pd;
        try {
            pd = procdesc.spawn(SpawnSpec.builder(List.of("/bin/sh", "-c", script))
                    .env("PATH", "/usr/bin:/bin").stdout(run.stdout()).stderr(run.stderr()).build());
        } catch (RuntimeException | org.pdsup.procdesc.SpawnException e) {
            run.abandon();
            throw new IOException(e);
        }
        run.spawned();
        CompletableFuture<Exit> done = new CompletableFuture<>();
        watcher.watch(pd, (p, status) -> {
            onExit.accept(status);
            run.exited(() -> {
                try {
                    inWhenFlushed.run();
                    done.complete(new Exit(status, p));
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            });
        });
        return done;
    }

    /** A run seen from both sides: the process's exit as the kernel reports it, and the flushed exit. */
    record Launched(CompletableFuture<ExitStatus> exited, CompletableFuture<Exit> flushed) {}

    /** As {@link #start}, with the exit also reported as soon as the kernel tells of it (before any flush). */
    Launched launch(String service, OutputConfig cfg, String script) throws IOException {
        CompletableFuture<ExitStatus> exited = new CompletableFuture<>();
        CompletableFuture<Exit> flushed = start(service, cfg, script, () -> { }, exited::complete);
        return new Launched(exited, flushed);
    }

    Exit run(String service, OutputConfig cfg, String script) throws Exception {
        Exit e = start(service, cfg, script, () -> { }).get(120, TimeUnit.SECONDS);
        e.process().close();
        return e;
    }

    @Override
    public void close() {
        capture.close();
        watcher.close();
    }
}
