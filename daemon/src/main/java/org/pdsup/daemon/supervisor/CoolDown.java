package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.time.Instant;

import org.pdsup.daemon.supervisor.Transitions.Phase;

/**
 * {@code start-limit.cool-down}: a service that has been {@code fatal} that long tries again with a fresh
 * start-limit window and backoff sequence. The timer is the service's one timer ({@link Service#timer}), on the
 * supervisor loop, so every way out of {@code fatal} (an operator stop or start, a shutdown: each cancels the
 * timer before it spawns or stops) cancels it. When it fires, the table decides ({@code backoff-elapsed} in
 * {@code fatal} is {@code cool-down-over}).
 */
final class CoolDown {
    private CoolDown() {}

    /** What a {@code fatal} reason adds: when it tries again, if it does. */
    static String plan(Service svc) {
        Duration d = svc.config.startLimit().coolDown();
        return d == null ? "start it again with pdctl start " + svc.name
                : "trying again after the cool-down of " + Durations.format(d) + " (or pdctl start " + svc.name + ")";
    }

    /**
     * Arms the timer of a {@code fatal} service for what is left of its cool-down since it became fatal (at once
     * when that has passed); without a cool-down, cancels it. Called on entering {@code fatal} and when a reload
     * changes the start limit.
     */
    static void arm(ServiceMachine.Host host, ServiceMachine machine, Service svc) {
        if (svc.phase != Phase.FATAL) return;
        svc.cancelTimer();
        Duration d = svc.config.startLimit().coolDown();
        if (d == null) return;
        Duration left = d.minus(Duration.between(svc.since, Instant.now()));
        svc.timer = host.schedule(left.isNegative() ? Duration.ZERO : left, () -> machine.backoffElapsed(svc));
    }

    /** The table's {@code cool-down-over}: a fresh window, then a spawn. */
    static void over(ServiceMachine machine, Service svc) {
        svc.timer = null;
        Duration d = svc.config.startLimit().coolDown();
        if (!svc.wanted || d == null) return;
        svc.startLimiter.reset();
        svc.backoff.reset();
        machine.spawn(svc, "cool-down of " + Durations.format(d) + " over: trying again");
    }
}
