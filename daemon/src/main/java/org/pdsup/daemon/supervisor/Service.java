package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.pdsup.config.ServiceConfig;
import org.pdsup.procdesc.ProcessDescriptor;

/**
 * The state of one service. Confined to the supervisor thread; {@link ServiceMachine} makes every transition.
 */
final class Service {
    final String name;
    ServiceConfig config;

    /** Where it is in its lifecycle; only {@link ServiceMachine} changes it. */
    Transitions.Phase phase = Transitions.Phase.STOPPED;
    Instant since = Instant.now();
    String reason = "configured";

    /** The operator (or autostart) wants it up; read when it ends on its own and when its backoff is over. */
    boolean wanted;

    ProcessDescriptor process;
    /** The output of {@link #process}'s run (live re-exec hands its pipes over). */
    org.pdsup.daemon.output.RunOutput runOutput;
    /** The spawn in flight on a {@link Spawner} thread (a token only its landing holds), or null. */
    Object spawning;
    Instant runStartedAt;
    boolean ready;
    boolean adopted;
    ReadinessCheck readiness;
    /** The liveness check of the current run while it is running, else null. */
    HealthCheck health;
    /** The liveness check's record (null until the first run with a {@code health} check). */
    HealthStatus healthStatus;
    ScheduledFuture<?> timer;
    /** The listening sockets held for it ({@code sockets}), or null. */
    HeldSockets heldSockets;

    final BackoffSchedule backoff;
    final StartLimiter startLimiter;

    /** Why the restart under way was asked ("restart requested by operator", "configuration changed: command"). */
    String restartWhy;
    /** Why a requirement stopped it ("stopped because db stopped"), for the reason of its stop's end; or null. */
    String stopCause;
    /** In phase waiting: what it waits for, each with its state ("db: starting"); kept current by the supervisor. */
    String waitingFor;
    /** Met a requirement on it at its last transition (running, or a oneshot done): see {@link RequiresCoupling}. */
    boolean satisfiesRequirers;

    /** Removed by reload: forget once stopped, and never start again. */
    boolean removed;

    long restarts;
    long spawnFailures;
    /** Exit counters by kind ({@link RunRecords#record}), in the order the kinds first came. */
    private final Map<String, Long> exits = new LinkedHashMap<>();
    /** {@link #exits} as an immutable map that every snapshot until the next change shares; null: stale. */
    private Map<String, Long> exitsCopy = Map.of();
    double userCpuSeconds;
    double systemCpuSeconds;
    RunSummary lastExit;
    String lastError;

    /** {@link #exits} as an immutable map, copied once per change rather than once per snapshot. */
    Map<String, Long> exitsCopy() {
        if (exitsCopy == null) exitsCopy = Map.copyOf(exits);
        return exitsCopy;
    }

    /** {@link #exits} in their order, a copy of its own (a re-exec's handover). */
    Map<String, Long> exitsInOrder() {
        return new LinkedHashMap<>(exits);
    }

    /** One more exit of {@code kind}. */
    void countExit(String kind) {
        exits.merge(kind, 1L, Long::sum);
        exitsCopy = null;
    }

    /** The counters a re-exec handed over, in place of these. */
    void replaceExits(Map<String, Long> handedOver) {
        exits.clear();
        exits.putAll(handedOver);
        exitsCopy = null;
    }

    /** How many kinds of exit were counted. */
    int exitKinds() {
        return exits.size();
    }

    /**
     * The environment of this service's spawns ({@link SpawnSpecs#environmentOf}), made once per configuration:
     * a reload that changes the service brings a new {@link #config} object, and with it a new environment.
     * Supervisor thread.
     */
    Map<String, String> spawnEnvironment() {
        if (spawnEnvironmentOf != config) {
            spawnEnvironment = SpawnSpecs.environmentOf(config);
            spawnEnvironmentOf = config;
        }
        return spawnEnvironment;
    }

    private ServiceConfig spawnEnvironmentOf;
    private Map<String, String> spawnEnvironment;

    /** The published picture of this service; null when something changed since. */
    ServiceSnapshot snapshot;

    final List<CompletableFuture<ServiceSnapshot>> startWaiters = new ArrayList<>();
    final List<CompletableFuture<ServiceSnapshot>> stopWaiters = new ArrayList<>();

    Service(ServiceConfig config) {
        this.name = config.name();
        this.config = config;
        this.backoff = new BackoffSchedule(config.backoff(), () -> ThreadLocalRandom.current().nextDouble());
        this.startLimiter = new StartLimiter(config.startLimit());
    }

    /** The public state: what status, events and metrics show. */
    ServiceState state() {
        return phase.state;
    }

    int pid() {
        return process != null ? process.pid() : 0;
    }

    boolean hasProcess() {
        return process != null;
    }

    /** Has a process, or will have one when the spawn in flight lands. */
    boolean active() {
        return process != null || spawning != null;
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
