package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

import org.pdsup.config.Health;
import org.pdsup.daemon.supervisor.probe.Probe;
import org.pdsup.daemon.supervisor.probe.ProbeResult;

/**
 * The liveness check of one run of a service, from the moment it is running until it leaves that state. One
 * check at a time: the next is scheduled {@code interval} after the previous one's result arrived, so checks never
 * overlap or queue up however long one takes. The probe runs on a probe thread and its result is posted back; the
 * verdict is decided here, on the supervisor thread.
 */
final class HealthCheck {
    /** What the check tells the supervisor; supervisor thread. */
    interface Verdicts {
        /** A result was recorded in {@code svc.healthStatus}; {@code event} is the text of an event, or null. */
        void checked(Service svc, ProbeResult result, String event);

        /** {@code failures} checks in a row failed; {@code why} is the last failure. */
        void unhealthy(Service svc, String why);

        /** The configuration of the check changed (reload): replace this check by a new one. */
        void reconfigured(Service svc);
    }

    private final SupervisorLoop loop;
    private final ExecutorService probes;
    private final Service svc;
    private final Health cfg;
    private final Probe probe;
    private final Instant startPeriodEnds;
    private final Verdicts verdicts;
    private ScheduledFuture<?> next;
    private boolean inFlight;
    private boolean passedOnce;
    /** The last failure within start-period that made an event: the same failure again makes none. */
    private String startPeriodFailure;
    private boolean cancelled;

    HealthCheck(SupervisorLoop loop, ExecutorService probes, Service svc, Health cfg, Probe probe, Instant now,
                Verdicts verdicts) {
        this.loop = loop;
        this.probes = probes;
        this.svc = svc;
        this.cfg = cfg;
        this.probe = probe;
        this.startPeriodEnds = now.plus(cfg.startPeriod());
        this.verdicts = verdicts;
    }

    Health config() {
        return cfg;
    }

    /** The first check runs one interval from now. */
    void begin() {
        if (svc.healthStatus == null) svc.healthStatus = new HealthStatus();
        svc.healthStatus.begin();
        scheduleNext();
    }

    private void scheduleNext() {
        next = loop.schedule(cfg.interval(), this::launch);
    }

    private void launch() {
        next = null;
        if (cancelled || inFlight) return;
        if (!cfg.equals(svc.config.health())) {
            verdicts.reconfigured(svc);
            return;
        }
        inFlight = true;
        try {
            probes.execute(() -> {
                ProbeResult r = probe.run();
                try {
                    loop.post(() -> landed(r));
                } catch (RejectedExecutionException e) {
                    // the supervisor has ended: nobody wants the result
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight = false; // the pools are closed: pdsupd is exiting
        }
    }

    private void landed(ProbeResult r) {
        inFlight = false;
        if (cancelled) return;
        HealthStatus st = svc.healthStatus;
        st.last = r;
        st.checks++;
        if (r.passed()) {
            String event = st.state != HealthState.HEALTHY ? "healthy: " + r.detail() : null;
            st.consecutiveFailures = 0;
            st.state = HealthState.HEALTHY;
            passedOnce = true;
            verdicts.checked(svc, r, event);
            scheduleNext();
            return;
        }
        st.failures++;
        if (!passedOnce && Instant.now().isBefore(startPeriodEnds)) {
            boolean news = !r.detail().equals(startPeriodFailure);
            startPeriodFailure = r.detail();
            verdicts.checked(svc, r, news ? "health check failed within start-period (not counted): " + r.detail()
                    : null);
            scheduleNext();
            return;
        }
        st.consecutiveFailures++;
        if (st.consecutiveFailures >= cfg.failures()) {
            st.state = HealthState.UNHEALTHY;
            verdicts.checked(svc, r, "unhealthy: " + st.consecutiveFailures + " failed checks in a row; last: "
                    + r.detail());
            cancel();
            verdicts.unhealthy(svc, r.detail());
            return;
        }
        verdicts.checked(svc, r, "health check failed (" + st.consecutiveFailures + " of " + cfg.failures()
                + "): " + r.detail());
        scheduleNext();
    }

    /** The run left {@code running}: no more checks; a result still on its way is dropped. Idempotent. */
    void cancel() {
        cancelled = true;
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }
}
