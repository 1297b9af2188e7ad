package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.pdsup.config.ServiceConfig;
import org.pdsup.config.ServiceType;
import org.pdsup.daemon.output.RunOutput;
import org.pdsup.daemon.supervisor.Transitions.Action;
import org.pdsup.daemon.supervisor.Transitions.Event;
import org.pdsup.daemon.supervisor.Transitions.Phase;
import org.pdsup.procdesc.Fds;
import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.stats.ListeningSockets;

/**
 * The beginning of a run, for {@link ServiceMachine}: the spawn handed to a {@link Spawner} thread, its landing
 * or failure, and the readiness check of the new process. Which action a landing or a readiness outcome takes
 * is the table's ({@link Transitions}).
 */
final class Spawning {
    private final ServiceMachine.Host host;
    private final ServiceMachine machine;

    Spawning(ServiceMachine.Host host, ServiceMachine machine) {
        this.host = host;
        this.machine = machine;
    }

    /**
     * Hands a spawn of {@code svc} to the {@link Spawner} and enters {@code spawning}, or waits for its
     * requirements, or is {@code fatal} at its start limit. The landing continues on this thread.
     */
    void spawn(Service svc, String why) {
        svc.cancelTimer();
        List<String> unmet = host.unmetRequirements(svc);
        if (!unmet.isEmpty()) {
            String waiting = host.describeUnmet(unmet);
            boolean already = svc.phase == Phase.WAITING && svc.reason != null
                    && svc.reason.equals("waiting for " + String.join(", ", unmet));
            svc.waitingFor = waiting;
            svc.snapshot = null;
            if (!already) machine.to(svc, Phase.WAITING, "waiting for " + String.join(", ", unmet), null);
            return;
        }
        svc.waitingFor = null;
        if (!svc.startLimiter.tryStart(host.now())) {
            svc.lastError = "start limit reached: " + svc.startLimiter.describe();
            machine.to(svc, Phase.FATAL, svc.lastError + "; " + CoolDown.plan(svc), null);
            CoolDown.arm(host, machine, svc);
            machine.answerStart(svc);
            host.serviceSettled(svc);
            return;
        }
        PreparedSpawn prepared;
        try {
            prepared = prepare(svc);
        } catch (IOException | RuntimeException e) {
            svc.spawnFailures++;
            svc.lastError = "cannot start: " + e.getMessage();
            machine.scheduleRestart(svc, "spawn failed: " + svc.lastError, null);
            return;
        }
        handOver(svc, prepared);
        machine.to(svc, Phase.SPAWNING, why, null);
    }

    /**
     * A restart without delay, before the end of the run is announced: hands the spawn over now when nothing
     * would keep it from starting (requirements met, the start limit allows it, no port check, the spawn
     * prepared) and returns the token its landing will check; the caller then announces the end and
     * {@link #continueEarly continues}. Null when any of that fails: nothing was done, and the caller goes the
     * ordinary way (backoff timer, then {@link #spawn}), which meets the same obstacle and says so.
     */
    Object handOverEarly(Service svc) {
        if (!host.unmetRequirements(svc).isEmpty() || PortCheck.applies(svc.config)) return null;
        PreparedSpawn prepared;
        try {
            prepared = prepare(svc);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!svc.startLimiter.tryStart(host.now())) {
            prepared.discard();
            return null;
        }
        svc.waitingFor = null;
        return handOver(svc, prepared);
    }

    /**
     * After {@link #handOverEarly}: the end of the run has been announced. Counts the restart and enters
     * {@code spawning} ("restart #n", as {@link Restarts#backoffElapsed} does) when the service is still in
     * backoff, wanted and waiting for this spawn; true then. Otherwise something that
     * reacted to the announcement (a stop, the shutdown) changed it: the spawn is given up on (its landing
     * closes the process) and false tells the caller to go the ordinary way.
     */
    boolean continueEarly(Service svc, Object token) {
        if (svc.spawning != token) return false;
        if (svc.phase == Phase.BACKOFF && svc.wanted) {
            svc.restarts++;
            machine.to(svc, Phase.SPAWNING, "restart #" + svc.restarts, null);
            return true;
        }
        svc.spawning = null;
        host.serviceSettled(svc); // a shutdown that waited for this spawn goes on
        return false;
    }

    private PreparedSpawn prepare(Service svc) throws IOException {
        return PreparedSpawn.of(svc.config, svc.spawnEnvironment(), host.output(), host.procdesc(), host.logDir(),
                HeldSockets.forSpawn(svc));
    }

    /** Hands {@code prepared} to the {@link Spawner}; returns the token its landing checks. */
    private Object handOver(Service svc, PreparedSpawn prepared) {
        Object token = new Object();
        svc.spawning = token;
        // Handed over first, announced after: the landing is posted to this thread, so it cannot overtake the
        // transition, and the spawn does not wait for the log line and the event.
        Spawner.Landing landing = new Spawner.Landing() {
            @Override
            public void spawned(ProcessDescriptor pd, Duration took) {
                landed(svc, token, pd, took, prepared);
            }

            @Override
            public void failed(Exception error, Duration took) {
                spawnFailed(svc, token, error, took, prepared);
            }
        };
        if (PortCheck.applies(svc.config)) {
            spawnUnlessPortInUse(svc.config, prepared, landing);
        } else {
            host.spawn(prepared.spec(), landing);
        }
        return token;
    }

    /** ready.mode = tcp: on a probe thread, the port is checked ({@link PortCheck}), then the spawn handed over. */
    private void spawnUnlessPortInUse(ServiceConfig cfg, PreparedSpawn prepared, Spawner.Landing landing) {
        host.probes().execute(() -> {
            String inUse = PortCheck.inUse(cfg, ListeningSockets.system());
            if (inUse == null) {
                host.spawn(prepared.spec(), landing);
            } else {
                host.loop().post(() -> landing.failed(new PortCheck.PortInUseException(inUse), Duration.ZERO));
            }
        });
    }

    /** The spawn handed over by {@link #spawn} succeeded. */
    void landed(Service svc, Object token, ProcessDescriptor pd, Duration took, PreparedSpawn prepared) {
        host.observer().spawnTook(took);
        RunOutput output = prepared.output();
        Pipe notify = prepared.readyPipe();
        output.spawned();
        if (notify != null) Fds.close(notify.writeFd());
        if (svc.spawning != token) {
            // given up on while it was in flight (the shutdown timeout): nobody supervises it
            if (notify != null) Fds.close(notify.readFd());
            pd.close();
            return;
        }
        Action action = machine.decideFor(svc, Event.SPAWNED);
        svc.spawning = null;
        svc.process = pd;
        svc.adopted = false;
        svc.ready = false;
        svc.runStartedAt = host.now();
        watchExit(svc, pd, output);
        if (svc.config.persist()) host.persistentChanged();
        String spawned = "spawned in " + Durations.format(took);
        switch (action) {
            case LANDED -> {
                if (svc.config.type() == ServiceType.FORKING) {
                    // The launcher is not the service: readiness starts once the pidfile's daemon is followed.
                    if (notify != null) Fds.close(notify.readFd());
                    machine.to(svc, Phase.LAUNCHING, spawned, null);
                } else {
                    boolean awaitsReadiness = svc.config.ready().mode() != org.pdsup.config.ReadyMode.STARTED
                            && svc.config.type() == ServiceType.SIMPLE;
                    machine.to(svc, Phase.STARTING, awaitsReadiness ? spawned + "; waiting until ready ("
                            + svc.config.ready().mode().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")"
                            : spawned, null);
                    beginReadiness(svc, notify);
                }
            }
            case LANDED_THEN_STOP -> {
                if (notify != null) Fds.close(notify.readFd());
                machine.terminate(svc, spawned + "; stopping as asked",
                        svc.phase == Phase.RESTARTING_SPAWN ? Phase.RESTARTING : Phase.STOPPING);
            }
            default -> ServiceMachine.unreachable(svc, Event.SPAWNED, action);
        }
        host.serviceSettled(svc); // a shutdown waiting for this spawn may go on
    }

    /** No process came of the spawn. */
    void spawnFailed(Service svc, Object token, Exception error, Duration took, PreparedSpawn prepared) {
        host.observer().spawnTook(took);
        prepared.discard();
        if (svc.spawning != token) return;
        svc.spawning = null;
        String message = error instanceof SpawnException ? error.getMessage() : "cannot start: " + error.getMessage();
        svc.spawnFailures++;
        svc.lastError = message;
        Action action = machine.decideFor(svc, Event.SPAWN_FAILED);
        switch (action) {
            case SPAWN_FAILED_BACKOFF -> machine.scheduleRestart(svc, "spawn failed: " + message, null);
            case SPAWN_FAILED_STOPPED -> {
                boolean again = svc.phase == Phase.RESTARTING_SPAWN && !svc.removed;
                machine.to(svc, Phase.STOPPED, "stopped; its spawn had failed: " + message, null);
                machine.answerStop(svc);
                if (again) {
                    spawn(svc, ServiceMachine.respawnReason(svc));
                } else {
                    host.serviceSettled(svc);
                }
            }
            default -> ServiceMachine.unreachable(svc, Event.SPAWN_FAILED, action);
        }
    }

    void watchExit(Service svc, ProcessDescriptor pd, RunOutput output) {
        svc.runOutput = output;
        host.watcher().watch(pd, (process, status) ->
                output.exited(() -> host.loop().post(() -> machine.exited(svc, process, status))));
    }

    void beginReadiness(Service svc, Pipe notify) {
        if (svc.config.type() == ServiceType.ONESHOT) {
            // A oneshot is "done", not "ready": it stays starting until it exits, and requirers wait for that.
            if (notify != null) Fds.close(notify.readFd());
            return;
        }
        ProcessDescriptor pd = svc.process;
        org.pdsup.config.Readiness rule = svc.config.ready();
        var exec = rule.mode() == org.pdsup.config.ReadyMode.EXEC
                ? ExecProbes.of(host, svc.config, rule.command(), rule.timeout(), "ready check: ") : null;
        svc.readiness = ReadinessCheck.begin(host.loop(), host.watcher(), host.probes(), rule, notify, exec,
                new ReadinessCheck.Outcome() {
                    @Override
                    public void ready() {
                        if (svc.process == pd) readiness(svc, Event.READY, null);
                    }

                    @Override
                    public void notReady(String why) {
                        if (svc.process == pd) readiness(svc, Event.NOT_READY, why);
                    }
                });
    }

    /** The readiness rule of the current process passed, or failed with {@code why}. */
    void readiness(Service svc, Event event, String why) {
        Action action = machine.decideFor(svc, event);
        switch (action) {
            case IGNORE -> { }
            case BECOME_RUNNING -> {
                svc.readiness = null;
                svc.ready = true;
                svc.lastError = null; // a successful start: what went wrong before is no longer the state
                machine.to(svc, Phase.RUNNING, "ready (" + svc.config.ready().mode().name().toLowerCase(Locale.ROOT)
                        .replace('_', '-') + ")", null);
                machine.answerStart(svc);
                host.serviceSettled(svc);
            }
            case FAIL_START -> {
                svc.readiness = null;
                svc.lastError = why;
                machine.terminate(svc, why, svc.wanted ? Phase.FAILING : Phase.STOPPING);
            }
            default -> ServiceMachine.unreachable(svc, event, action);
        }
    }


    /** type = forking: the launcher exited successfully and its pidfile names {@code daemon}: follow it. */
    void follow(Service svc, ProcessDescriptor daemon, String why, RunSummary launcherRun) {
        svc.process = daemon;
        svc.adopted = daemon.isAdopted();
        svc.runStartedAt = host.now();
        watchExit(svc, daemon, DirectOutput.inherit());
        machine.to(svc, Phase.STARTING, why, launcherRun);
        beginReadiness(svc, null);
    }
}
