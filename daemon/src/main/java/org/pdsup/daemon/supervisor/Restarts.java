package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.util.Locale;

import org.pdsup.config.RestartPolicy;
import org.pdsup.config.ServiceConfig;
import org.pdsup.config.ServiceType;
import org.pdsup.daemon.supervisor.Transitions.Action;
import org.pdsup.daemon.supervisor.Transitions.Event;
import org.pdsup.daemon.supervisor.Transitions.Phase;

/**
 * What follows a run that ended without being asked to, for {@link ServiceMachine}: exited, stopped, or a restart
 * after the delay of {@link BackoffSchedule}, by the service's type and restart policy.
 */
final class Restarts {
    private final ServiceMachine.Host host;
    private final ServiceMachine machine;

    Restarts(ServiceMachine.Host host, ServiceMachine machine) {
        this.host = host;
        this.machine = machine;
    }

    /**
     * A run that ended on its own, in {@code starting} or {@code running}, or was stopped as unhealthy: what its
     * type and policy make of it. {@code cause} ("unhealthy: …") leads the reason instead of "failed:", or is null.
     */
    void ended(Service svc, RunSummary run, Duration ran, boolean success, String cause) {
        ServiceConfig cfg = svc.config;
        if (cfg.type() == ServiceType.ONESHOT && success) {
            svc.lastError = null; // done: a successful start
            machine.to(svc, Phase.EXITED, "completed: " + run.exit(), run);
            machine.answerStart(svc);
            host.serviceSettled(svc);
            return;
        }
        svc.backoff.runEnded(ran);
        String exit = cause == null ? run.exit() : cause + " (" + run.exit() + ")";
        if (!svc.wanted) {
            machine.to(svc, Phase.STOPPED, exit, run);
            host.serviceSettled(svc);
            return;
        }
        boolean again = switch (cfg.restart()) {
            case ALWAYS -> true;
            case ON_FAILURE -> !success;
            case NEVER -> false;
        };
        if (again) {
            scheduleRestart(svc, cause != null ? exit : (success ? "exited: " : "failed: ") + run.exit(), run);
        } else {
            machine.to(svc, Phase.EXITED, exit + "; restart = "
                    + cfg.restart().name().toLowerCase(Locale.ROOT).replace('_', '-'), run);
            machine.answerStart(svc);
            host.serviceSettled(svc);
        }
    }

    /** A run that failed its readiness rule has ended. */
    void failedStartEnded(Service svc, RunSummary run) {
        svc.backoff.runEnded(Duration.ZERO);
        if (svc.config.restart() == RestartPolicy.NEVER) {
            machine.to(svc, Phase.EXITED, "failed to become ready: " + svc.lastError, run);
            machine.answerStart(svc);
            host.serviceSettled(svc);
        } else {
            scheduleRestart(svc, "failed to become ready: " + svc.lastError, run);
        }
    }

    void scheduleRestart(Service svc, String why, RunSummary run) {
        Duration delay = svc.backoff.nextDelay();
        // No delay: the spawn is handed over before the end of the run is announced (log line, event, snapshot,
        // the leftover and health bookkeeping), which then runs while the new process starts; the events keep
        // their order, backoff then spawning (docs/benchmarks.md, "Restart path").
        Object early = delay.isZero() && svc.wanted ? machine.spawning().handOverEarly(svc) : null;
        machine.to(svc, Phase.BACKOFF, why + "; restart in " + Durations.format(delay), run);
        machine.answerStart(svc);
        host.serviceSettled(svc);
        if (early != null && machine.spawning().continueEarly(svc, early)) return;
        Runnable again = () -> backoffElapsed(svc);
        // a timer even for no delay: every way out of backoff cancels it, so it cannot fire in a later phase
        svc.timer = host.schedule(delay, again);
    }

    /** The restart delay is over. */
    void backoffElapsed(Service svc) {
        Action action = machine.decideFor(svc, Event.BACKOFF_ELAPSED);
        switch (action) {
            case IGNORE -> { }
            case RESPAWN -> {
                if (!svc.wanted) return;
                svc.timer = null;
                svc.restarts++;
                machine.spawn(svc, "restart #" + svc.restarts);
            }
            case COOL_DOWN_OVER -> CoolDown.over(machine, svc);
            default -> ServiceMachine.unreachable(svc, Event.BACKOFF_ELAPSED, action);
        }
    }
}
