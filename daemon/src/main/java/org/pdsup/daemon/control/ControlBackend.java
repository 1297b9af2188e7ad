package org.pdsup.daemon.control;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.pdsup.daemon.supervisor.ReloadOutcome;
import org.pdsup.daemon.supervisor.ServiceSnapshot;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.daemon.supervisor.SupervisorEvent;
import org.pdsup.daemon.supervisor.SupervisorSnapshot;

/**
 * What the control server asks of the supervisor. {@link SupervisorBackend} implements it over the supervisor;
 * every mutating call is posted to the supervisor thread and completes there. Futures complete exceptionally
 * with {@link ControlException}, or the supervisor's own exceptions, for anything the caller got wrong
 * ({@link Errors} makes the error frame).
 */
public interface ControlBackend {

    /** The latest published picture; any thread, no waiting. */
    SupervisorSnapshot snapshot();

    /**
     * Resolves names and globs ({@code *}, {@code ?}) against the configured services, in configuration
     * order. An empty list means all. A name or glob that matches nothing fails with {@code no_such_service}.
     */
    List<String> resolve(List<String> namesOrGlobs);

    /** Starts the named services (clears {@code fatal}); completes when each has been spawned or failed. */
    CompletableFuture<List<ServiceSnapshot>> start(List<String> names);

    /** Stops them (stop signal, then SIGKILL after the timeout); completes when each is stopped. */
    CompletableFuture<List<ServiceSnapshot>> stop(List<String> names);

    CompletableFuture<List<ServiceSnapshot>> restart(List<String> names);

    /** Sends a signal (name such as "HUP") through the service's descriptor. */
    CompletableFuture<ServiceSnapshot> signal(String name, String signal);

    /** Re-reads the configuration and applies the difference; a broken one changes nothing. */
    CompletableFuture<ReloadOutcome> reload();

    /**
     * Sends each named service its {@code reload-signal}, if every one of them runs; otherwise none, and the
     * failure names those that do not. The default: this backend cannot.
     */
    default CompletableFuture<List<ServiceSnapshot>> reload(List<String> names) {
        return CompletableFuture.failedFuture(new ControlException(org.pdsup.protocol.ErrorCode.INVALID_STATE.wire(),
                "this server cannot reload single services"));
    }

    /** Completes when {@code name} is in one of {@code states}, or with {@code timeout} after {@code timeout}. */
    CompletableFuture<ServiceSnapshot> waitFor(String name, Set<ServiceState> states, Duration timeout);

    /**
     * Streams events: first the ring's history (when {@code history}), then live ones, to {@code sink}, which
     * runs on the supervisor thread and must not block. Close the subscription to stop.
     */
    AutoCloseable subscribe(Predicate<String> serviceFilter, boolean history, Consumer<SupervisorEvent> sink);

    /**
     * The ring's events matching {@code serviceFilter}, oldest first, as one list (for {@code events} without
     * {@code follow}, which must know where history ends). Completes on the supervisor thread.
     * <p>Added by the control server; the default says the backend has no history to give.
     */
    default CompletableFuture<List<SupervisorEvent>> history(Predicate<String> serviceFilter) {
        return CompletableFuture.failedFuture(
                new ControlException("invalid_state", "this daemon keeps no event history; use events with follow"));
    }

    /**
     * Captured output for {@code logs}, once output capture provides it; empty until then, and {@code logs}
     * answers {@code invalid_state} "log capture not available".
     */
    /** {@code show}: the service's configuration, process descriptor and dependents, read on the supervisor thread. */
    default CompletableFuture<org.pdsup.daemon.supervisor.ServiceDetails> details(String name) {
        return CompletableFuture.failedFuture(
                new ControlException("invalid_state", "this pdsupd cannot show a service's details"));
    }

    default Optional<LogSource> logSource() {
        return Optional.empty();
    }

    /** Reopens every service log file, as SIGUSR1 does (after newsyslog moved them away). */
    default CompletableFuture<Void> reopenLogs() {
        return CompletableFuture.failedFuture(
                new ControlException("invalid_state", "log capture not available in this pdsupd"));
    }

    /** Stops every non-persistent service in reverse dependency order, then exits the daemon. */
    CompletableFuture<Void> shutdown();

    /**
     * {@code reexec}: completes once the re-exec's checks passed, with what to run once the answer is on its way
     * (the handover and the exec); exceptionally with a {@link ControlException} saying why it was refused.
     */
    default CompletableFuture<Runnable> reexec() {
        return CompletableFuture.failedFuture(
                new ControlException("invalid_state", "this pdsupd cannot re-execute itself"));
    }

    /** Version line: pdsupd version, Java version, procdesc backend. */
    String version();
}
