package org.pdsup.daemon.control;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.pdsup.daemon.output.LineFilter;
import org.pdsup.daemon.output.OutputCapture;
import org.pdsup.daemon.supervisor.ReloadOutcome;
import org.pdsup.daemon.supervisor.ServiceDetails;
import org.pdsup.daemon.supervisor.ServiceSnapshot;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.daemon.supervisor.Supervisor;
import org.pdsup.daemon.supervisor.SupervisorEvent;
import org.pdsup.daemon.supervisor.SupervisorSnapshot;
import org.pdsup.procdesc.Signal;
import org.pdsup.protocol.ErrorCode;

/**
 * The control protocol's view of the {@link Supervisor}: names and globs resolved against the published
 * services ({@link ServiceSelector}), signal names parsed, the supervisor's captured output as a {@link LogSource}. The supervisor's own
 * failures become error frames in {@link Errors}.
 */
public final class SupervisorBackend implements ControlBackend {
    private final Supervisor supervisor;
    private final java.util.function.Supplier<CompletableFuture<Runnable>> reexec;

    public SupervisorBackend(Supervisor supervisor) {
        this(supervisor, null);
    }

    /**
     * @param reexec starts a live re-exec's checks (see {@link ControlBackend#reexec}); its refusals are {@link
     *               ControlException}s or exceptions whose message says why; null: this daemon cannot re-exec
     */
    public SupervisorBackend(Supervisor supervisor, java.util.function.Supplier<CompletableFuture<Runnable>> reexec) {
        this.supervisor = supervisor;
        this.reexec = reexec;
    }

    @Override
    public CompletableFuture<Runnable> reexec() {
        return reexec == null ? ControlBackend.super.reexec() : reexec.get();
    }

    @Override
    public SupervisorSnapshot snapshot() {
        return supervisor.snapshot();
    }

    @Override
    public List<String> resolve(List<String> namesOrGlobs) {
        // linear-time globs with bounded cost: see ServiceSelector (issue 15)
        return ServiceSelector.resolve(supervisor.snapshot().services().keySet(), namesOrGlobs);
    }

    @Override
    public CompletableFuture<List<ServiceSnapshot>> start(List<String> names) {
        return supervisor.start(names);
    }

    @Override
    public CompletableFuture<List<ServiceSnapshot>> stop(List<String> names) {
        return supervisor.stop(names);
    }

    @Override
    public CompletableFuture<List<ServiceSnapshot>> restart(List<String> names) {
        return supervisor.restart(names);
    }

    @Override
    public CompletableFuture<ServiceSnapshot> signal(String name, String signal) {
        return supervisor.signal(name, parseSignal(signal));
    }

    /**
     * A name ("HUP", "SIGHUP", "hup") or a number as this system numbers signals (as kill(1) on this host takes
     * it: "1" is HUP everywhere, "30" is USR1 on FreeBSD and PWR on Linux).
     */
    Signal parseSignal(String signal) {
        if (!signal.isEmpty() && signal.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int n = Integer.parseInt(signal);
            return supervisor.procdesc().signalOf(n).orElseThrow(() -> new ControlException(
                    ErrorCode.BAD_REQUEST.wire(), "signal number " + n + " is not a signal pdsupd can send on this"
                    + " system (use a name such as HUP, TERM, USR1)"));
        }
        return Signal.parse(signal).orElseThrow(() -> new ControlException(ErrorCode.BAD_REQUEST.wire(),
                "unknown signal '" + signal + "' (use a name such as HUP, TERM, USR1, or its number on this system)"));
    }

    @Override
    public CompletableFuture<ReloadOutcome> reload() {
        return supervisor.reload();
    }

    @Override
    public CompletableFuture<List<ServiceSnapshot>> reload(List<String> names) {
        return supervisor.reload(names);
    }

    @Override
    public CompletableFuture<ServiceSnapshot> waitFor(String name, Set<ServiceState> states, Duration timeout) {
        return supervisor.waitFor(name, states, timeout);
    }

    @Override
    public AutoCloseable subscribe(Predicate<String> serviceFilter, boolean history, Consumer<SupervisorEvent> sink) {
        return supervisor.subscribe(serviceFilter, history, sink);
    }

    @Override
    public CompletableFuture<ServiceDetails> details(String name) {
        return supervisor.details(name);
    }

    @Override
    public CompletableFuture<List<SupervisorEvent>> history(Predicate<String> serviceFilter) {
        return supervisor.history(serviceFilter);
    }

    @Override
    public Optional<LogSource> logSource() {
        return Optional.of(new LogSource() {
            @Override
            public AutoCloseable tail(String service, int lines, boolean follow, LogSink sink) {
                return SupervisorBackend.this.tail(service, lines, follow, LineFilter.ALL, sink);
            }

            @Override
            public AutoCloseable tail(String service, int lines, boolean follow, LineFilter filter, LogSink sink) {
                return SupervisorBackend.this.tail(service, lines, follow, filter, sink);
            }
        });
    }

    private AutoCloseable tail(String service, int lines, boolean follow, LineFilter filter,
                               LogSource.LogSink sink) {
        try {
            return supervisor.tailOutput(service, lines, follow, filter, new OutputCapture.LogSink() {
                @Override
                public void line(String stream, String text) {
                    sink.line(stream, text);
                }

                @Override
                public void dropped(long count) {
                    sink.line("stderr", "pdsupd: " + count + " lines dropped: the reader was too slow");
                }

                @Override
                public void end() {
                    sink.end();
                }
            });
        } catch (IOException e) {
            throw new ControlException(ErrorCode.INTERNAL.wire(), "cannot read the output of " + service + ": "
                    + e.getMessage());
        }
    }

    @Override
    public CompletableFuture<Void> reopenLogs() {
        return supervisor.reopenLogs();
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return supervisor.shutdown();
    }

    @Override
    public String version() {
        return supervisor.version();
    }
}
