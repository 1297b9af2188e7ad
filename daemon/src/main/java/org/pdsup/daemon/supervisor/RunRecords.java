package org.pdsup.daemon.supervisor;

import java.time.Instant;

import org.pdsup.config.ServiceConfig;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ResourceUsage;

/** What an ended run leaves behind: its {@link RunSummary}, the service's exit counters, success or failure. */
final class RunRecords {
    private RunRecords() {}

    /** Success by {@code success-exit-codes}, or death by the stop signal; an unknown status is a failure. */
    static boolean isSuccess(ServiceConfig cfg, ExitStatus status) {
        return switch (status.kind()) {
            case EXITED -> cfg.successExitCodes().contains(status.code());
            case SIGNALED -> status.signal() == cfg.stop().signal();
            case UNKNOWN -> false; // a re-adopted process's status cannot be read: count it as a failure
        };
    }

    /** The run ending in its phase now had been asked to end: stopping, or stopping to restart. */
    static boolean requested(Service svc) {
        return svc.phase == Transitions.Phase.STOPPING || svc.phase == Transitions.Phase.RESTARTING;
    }

    static RunSummary summarize(ProcessDescriptor pd, ExitStatus st, Instant started, Instant ended,
                                boolean requested) {
        ResourceUsage u = st.usage(); // read directly: no Optional, no boxed Double per exit
        double user = u == null ? 0.0 : u.userCpu().toNanos() / 1e9;
        double sys = u == null ? 0.0 : u.systemCpu().toNanos() / 1e9;
        long rss = u == null || u.maxRssBytes().isEmpty() ? -1L : u.maxRssBytes().getAsLong();
        return new RunSummary(pd.pid(), started, ended, st.toString(), st.kind() == ExitStatus.Kind.EXITED ? st.code() : -1,
                st.signal() != null ? st.signal().name() : null, st.coreDumped(), user, sys, rss, requested);
    }

    /**
     * Counts the exit under its kind ("exit:3", "signal:KILL"), with the prefix "stopped:" when pdsupd was asked
     * to end the run (operator stop or restart, reload, shutdown: it did not crash), and adds the run's CPU
     * time. Called before the exit's transition, in the phase the run ended in.
     */
    static void record(Service svc, ExitStatus st, RunSummary run) {
        svc.countExit(ExitKeys.of(st, run.requested()));
        svc.userCpuSeconds += run.userCpuSeconds();
        svc.systemCpuSeconds += run.systemCpuSeconds();
        svc.lastExit = run;
    }
}
