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
import org.pdsup.daemon.output.RunOutput;
import org.pdsup.procdesc.ProcessDescriptor;

/**
 * The state of one service. Confined to the supervisor thread; {@link ServiceMachine} makes every transition.
 */
final class Service {
    final String name;
    ServiceConfig config;

    ServiceState state = ServiceState.STOPPED;
    Instant since = Instant.now();
    String reason = "configured";

    /** The operator (or autostart) wants it up. */
    boolean wanted;

    ProcessDescriptor process;
    /** The spawn in flight on a {@link Spawner} thread (a token only its landing holds), or null. */
    Object spawning;
    RunOutput output;
    Instant runStartedAt;
    boolean ready;
    boolean adopted;
    /** type = forking: the current process is the daemon named by the pidfile, not the launcher. */
    boolean forkedMain;
    ReadinessCheck readiness;
    ScheduledFuture<?> timer;

    final BackoffSchedule backoff;
    final StartLimiter startLimiter;

    /** An operator restart: start again as soon as the stop completes. */
    boolean restartAfterStop;
    /** The run being stopped failed its readiness rule: treat its end as a failed start. */
    boolean failedStart;
    /** Removed by reload: forget once stopped. */
    boolean removed;

    long restarts;
    long spawnFailures;
    final Map<String, Long> exits = new LinkedHashMap<>();
    double userCpuSeconds;
    double systemCpuSeconds;
    RunSummary lastExit;
    String lastError;

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
