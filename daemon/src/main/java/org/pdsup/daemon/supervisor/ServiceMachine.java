package org.pdsup.daemon.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;

import org.pdsup.daemon.output.Capture;
import org.pdsup.daemon.supervisor.Transitions.Action;
import org.pdsup.daemon.supervisor.Transitions.Event;
import org.pdsup.daemon.supervisor.Transitions.Phase;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.SpawnSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a service's lifecycle on the supervisor thread. Each event (an operator request, a landing spawn,
 * an exit, a timer) looks its {@link Action} up in {@link Transitions} and does it; the decisions are all in
 * that table, and the methods here only say how each action is done.
 *
 * <p>A spawn runs on a {@link Spawner} thread: the service is {@code spawning} from the hand-over until the
 * spawn lands back here. Events tied to one process (readiness, exit, stop timeout) of a process the service
 * no longer has, and landings of a spawn it gave up on, are stale and dropped before the table.
 */
final class ServiceMachine {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceMachine.class);

    /** What the machine needs from the supervisor around it. */
    interface Host {
        SupervisorLoop loop();

        /** The clock of start limits and run lengths. */
        default Instant now() {
            return Instant.now();
        }

        /** Runs {@code task} on the supervisor thread after {@code delay}. */
        default ScheduledFuture<?> schedule(Duration delay, Runnable task) {
            return loop().schedule(delay, task);
        }

        ProcessDescriptors procdesc();

        ExitWatcher watcher();

        /** Hands a spawn to a spawner thread; {@code landing} is called back on the supervisor thread. */
        void spawn(SpawnSpec spec, Spawner.Landing landing);

        Capture output();

        ExecutorService probes();

        SupervisorObserver observer();

        Path logDir();

        /** Records and announces a transition (event ring, log line, snapshot). */
        void transitioned(Service svc, ServiceState from, ServiceState to, String reason, RunSummary exit);

        /**
         * Names of what {@code svc} waits for: requirements not yet ready, services it is ordered {@code after}
         * that are on their way up; empty when it may start.
         */
        List<String> unmetRequirements(Service svc);

        /** "db: starting, cache: backoff": the names of {@link #unmetRequirements}, each with its state now. */
        default String describeUnmet(List<String> unmet) {
            return String.join(", ", unmet);
        }

        /** Records an event of {@code svc} that is not a transition (a reload signal sent). */
        default void noted(Service svc, String what) {
            transitioned(svc, svc.state(), svc.state(), what, null);
        }

        /** A persistent service gained or lost its process: rewrite the state file. */
        void persistentChanged();

        /** A service became ready or ended: dependents waiting on it may proceed, shutdown may continue. */
        void serviceSettled(Service svc);

        /** An exit was collected: an orphan's zombie that stood behind it can now be reaped. */
        void exitCollected();
    }

    private final Host host;
    private final Spawning spawning;
    private final Stopping stopping;
    private final Restarts restarts;

    ServiceMachine(Host host) {
        this.host = host;
        this.spawning = new Spawning(host, this);
        this.stopping = new Stopping(host, this);
        this.restarts = new Restarts(host, this);
    }

    private Action decide(Service svc, Event event) {
        host.loop().assertInLoop();
        return Transitions.action(svc.phase, event);
    }

    /** An action that the table does not give this event: a bug, logged, and nothing is done. */
    static void unreachable(Service svc, Event event, Action action) {
        LOG.error("{}: {} in phase {} gave {}, which cannot happen; ignored", svc.name, event, svc.phase, action);
    }

    // ---- requests -----------------------------------------------------------------------------------

    /** Wants the service up. An operator start clears {@code fatal} and the backoff sequence. */
    void start(Service svc, boolean operator, CompletableFuture<ServiceSnapshot> done) {
        wantUp(svc, operator ? Event.START : Event.AUTOSTART, done);
    }

    /** The reason of an operator's restart; a reload or a requirement gives its own. */
    static final String OPERATOR_RESTART = "restart requested by operator";

    /** Stop, then start again at once (no backoff, not counted as a restart by policy). */
    void restart(Service svc, CompletableFuture<ServiceSnapshot> done) {
        restart(svc, OPERATOR_RESTART, done);
    }

    /** As {@link #restart(Service, CompletableFuture)}, for {@code why} ("configuration changed: command"). */
    void restart(Service svc, String why, CompletableFuture<ServiceSnapshot> done) {
        svc.restartWhy = why;
        wantUp(svc, Event.RESTART, done);
    }

    /** The reason of the spawn that follows the stop of a restart. */
    static String respawnReason(Service svc) {
        return svc.restartWhy == null || svc.restartWhy.equals(OPERATOR_RESTART) ? "restarted by operator"
                : svc.restartWhy;
    }

    /** A requirement of {@code svc} became ready. */
    void requirementsMet(Service svc) {
        wantUp(svc, Event.REQUIREMENTS_MET, null);
    }

    private void wantUp(Service svc, Event event, CompletableFuture<ServiceSnapshot> done) {
        Action action = decide(svc, event);
        if (event != Event.REQUIREMENTS_MET) {
            svc.wanted = true;
            svc.stopCause = null;
            if (done != null) svc.startWaiters.add(done);
        }
        if (action == Action.RESTART_AFTER_STOP && event != Event.RESTART) svc.restartWhy = null; // a start's
        String restartWhy = svc.restartWhy == null ? OPERATOR_RESTART : svc.restartWhy;
        String why = event == Event.START || (event == Event.RESTART && restartWhy.equals(OPERATOR_RESTART))
                ? "started by operator" : event == Event.RESTART ? restartWhy
                : event == Event.REQUIREMENTS_MET || svc.phase == Phase.WAITING ? "dependencies ready" : "autostart";
        switch (action) {
            case IGNORE, WANT -> { }
            case ANSWER_STARTED -> answerStart(svc);
            case SPAWN -> spawn(svc, why);
            case SPAWN_FRESH -> {
                svc.backoff.reset();
                svc.startLimiter.reset();
                spawn(svc, why);
            }
            case SPAWN_NOW -> {
                svc.cancelTimer();
                svc.backoff.reset();
                spawn(svc, why);
            }
            case RESTART_AFTER_STOP -> become(svc, svc.phase == Phase.STOPPING_SPAWN ? Phase.RESTARTING_SPAWN
                    : Phase.RESTARTING);
            case RESTART_AFTER_SPAWN -> to(svc, Phase.RESTARTING_SPAWN,
                    restartWhy + " (the stop signal follows its spawn)", null);
            case TERMINATE_AND_RESTART -> terminate(svc, restartWhy, Phase.RESTARTING);
            default -> unreachable(svc, event, action);
        }
    }

    /** Wants the service down: stop signal, then SIGKILL after {@code stop.timeout}. */
    void stop(Service svc, String why, CompletableFuture<ServiceSnapshot> done) {
        host.loop().assertInLoop();
        svc.wanted = false;
        if (done != null) svc.stopWaiters.add(done);
        wantDown(svc, Event.STOP, why);
        answerStart(svc); // a start or restart still waiting is answered: the stop superseded it
    }

    /** The daemon is shutting down; {@link Shutdown} stops what still runs in dependency order. */
    void shutdown(Service svc) {
        wantDown(svc, Event.SHUTDOWN, "pdsupd is shutting down");
    }

    private void wantDown(Service svc, Event event, String why) {
        Action action = decide(svc, event);
        switch (action) {
            case IGNORE -> { }
            case UNWANT -> svc.wanted = false;
            case ANSWER_STOPPED -> answerStop(svc);
            case STOP_NOW -> {
                svc.wanted = false;
                svc.cancelTimer();
                to(svc, Phase.STOPPED, why, null);
                answerStop(svc);
                answerStart(svc);
                host.serviceSettled(svc);
            }
            case TERMINATE -> terminate(svc, why, Phase.STOPPING);
            case STOP_AFTER_SPAWN -> to(svc, Phase.STOPPING_SPAWN, why + " (the stop signal follows its spawn)", null);
            case STOP_AFTER_STOP -> {
                svc.wanted = false;
                become(svc, svc.phase == Phase.RESTARTING_SPAWN ? Phase.STOPPING_SPAWN : Phase.STOPPING);
                if (event == Event.STOP) { // why it will not start again ("stopped because db is fatal")
                    svc.reason = why;
                    host.transitioned(svc, svc.state(), svc.state(), why, null);
                }
            }
            default -> unreachable(svc, event, action);
        }
    }

    /** Sends the service's {@code reload-signal} (to a forking service's daemon) and records it; not a transition. */
    void reload(Service svc) {
        ReloadSignal.check(svc);
        Signal sig = svc.config.reloadSignal();
        int pid = svc.pid();
        signal(svc, sig);
        host.noted(svc, "reload signal SIG" + sig.name() + " sent to pid " + pid);
    }

    /** Its liveness check failed {@code failures} times in a row, the last with {@code why}: stop it as a crash. */
    void unhealthy(Service svc, String why) {
        Action action = decide(svc, Event.UNHEALTHY);
        switch (action) {
            case IGNORE -> { }
            case TERMINATE_UNHEALTHY -> {
                svc.lastError = "unhealthy: " + why;
                terminate(svc, svc.lastError, Phase.UNHEALTHY);
            }
            default -> unreachable(svc, Event.UNHEALTHY, action);
        }
    }

    /** Sends {@code signal} through the descriptor; not a transition. */
    void signal(Service svc, Signal signal) {
        if (!svc.hasProcess()) {
            throw new IllegalStateForOperation(svc.name + " has no running process (state "
                    + svc.state().wireName() + ")");
        }
        try {
            svc.process.signal(signal);
        } catch (NoSuchProcessException e) {
            throw new IllegalStateForOperation(svc.name + ": process " + svc.pid() + " has already exited");
        }
    }

    /**
     * Takes over a running process left by an earlier pdsupd (a persistent service): it is supervised from
     * now on, but it is not our child, so its exit status will be unknown.
     */
    void adopt(Service svc, ProcessDescriptor pd) {
        Action action = decide(svc, Event.ADOPT);
        if (action != Action.ADOPT) {
            unreachable(svc, Event.ADOPT, action);
            return;
        }
        svc.wanted = true;
        svc.process = pd;
        svc.adopted = true;
        svc.ready = true;
        svc.runStartedAt = pd.startTime();
        spawning.watchExit(svc, pd, DirectOutput.inherit());
        to(svc, Phase.RUNNING, "adopted from an earlier pdsupd", null);
        host.serviceSettled(svc);
    }

    /** Live re-exec ({@link Handover}, {@link Takeover}): watches exits and readiness of runs taken over. */
    Spawning spawning() { return spawning; }

    /** Leaves a persistent service running as the supervisor exits: close its descriptor only. */
    void detach(Service svc) {
        if (!svc.hasProcess()) return;
        host.watcher().unwatch(svc.process);
        svc.cancelTimer();
        if (svc.readiness != null) svc.readiness.cancel();
        if (svc.health != null) svc.health.cancel();
        svc.health = null;
        svc.process.close(); // PD_DAEMON: closing does not kill
        svc.process = null;
    }

    // ---- spawning, ending: see Spawning, Stopping, Restarts ----------------------------------------------

    /** Spawns {@code svc}, or waits for its requirements, or is {@code fatal} at its start limit. */
    void spawn(Service svc, String why) {
        spawning.spawn(svc, why);
    }

    void landed(Service svc, Object token, ProcessDescriptor pd, Duration took, PreparedSpawn prepared) {
        spawning.landed(svc, token, pd, took, prepared);
    }

    void spawnFailed(Service svc, Object token, Exception error, Duration took, PreparedSpawn prepared) {
        spawning.spawnFailed(svc, token, error, took, prepared);
    }

    void readiness(Service svc, Event event, String why) {
        spawning.readiness(svc, event, why);
    }

    void follow(Service svc, ProcessDescriptor daemon, String why, RunSummary launcherRun) {
        spawning.follow(svc, daemon, why, launcherRun);
    }

    void terminate(Service svc, String why, Phase next) {
        stopping.terminate(svc, why, next);
    }

    /** The kernel reported the exit of {@code pd}, and its output has been flushed. */
    void exited(Service svc, ProcessDescriptor pd, ExitStatus status) {
        stopping.exited(svc, pd, status);
    }

    /** {@code stop.timeout} passed after the stop signal to the current process. */
    void stopTimedOut(Service svc) {
        stopping.stopTimedOut(svc);
    }

    void ended(Service svc, RunSummary run, Duration ran, boolean success) {
        restarts.ended(svc, run, ran, success, null);
    }

    /** A run stopped as unhealthy ended: as a crash, with {@code cause} as the reason. */
    void unhealthyEnded(Service svc, RunSummary run, Duration ran, String cause) {
        restarts.ended(svc, run, ran, false, cause);
    }

    void failedStartEnded(Service svc, RunSummary run) {
        restarts.failedStartEnded(svc, run);
    }

    void scheduleRestart(Service svc, String why, RunSummary run) {
        restarts.scheduleRestart(svc, why, run);
    }

    void backoffElapsed(Service svc) {
        restarts.backoffElapsed(svc);
    }

    /** A reload changed the start limit: a fatal service's cool-down follows it. */
    void startLimitChanged(Service svc) {
        CoolDown.arm(host, this, svc);
    }

    // ---- bookkeeping --------------------------------------------------------------------------------

    Action decideFor(Service svc, Event event) {
        return decide(svc, event);
    }

    /** Enters {@code next} and announces it (event, log line, snapshot), also when the public state stays. */
    void to(Service svc, Phase next, String why, RunSummary exit) {
        ServiceState from = svc.state();
        svc.phase = next;
        svc.since = Instant.now();
        svc.reason = why;
        host.transitioned(svc, from, next.state, why, exit);
    }

    /** Enters {@code next}, which has the same public state: nothing to announce. */
    private static void become(Service svc, Phase next) {
        if (next.state != svc.state()) throw new IllegalStateException(svc.phase + " -> " + next + " changes the state");
        svc.phase = next;
    }

    /** Answers the start and restart requests waiting on {@code svc} with its current state. */
    void answerStart(Service svc) {
        if (svc.startWaiters.isEmpty()) return;
        ServiceSnapshot snap = Snapshots.of(svc, host.output());
        List.copyOf(svc.startWaiters).forEach(f -> f.complete(snap));
        svc.startWaiters.clear();
    }

    void answerStop(Service svc) {
        if (svc.stopWaiters.isEmpty()) return;
        ServiceSnapshot snap = Snapshots.of(svc, host.output());
        List.copyOf(svc.stopWaiters).forEach(f -> f.complete(snap));
        svc.stopWaiters.clear();
    }
}
