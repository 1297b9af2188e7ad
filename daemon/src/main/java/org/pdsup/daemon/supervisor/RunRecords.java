package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.Optional;

import org.pdsup.config.ServiceConfig;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ProcessDescriptor;

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
        double user = st.resourceUsage().map(u -> u.userCpu().toNanos() / 1e9).orElse(0.0);
        double sys = st.resourceUsage().map(u -> u.systemCpu().toNanos() / 1e9).orElse(0.0);
        long rss = st.resourceUsage().flatMap(u -> u.maxRssBytes().isPresent()
                ? Optional.of(u.maxRssBytes().getAsLong()) : Optional.empty()).orElse(-1L);
        return new RunSummary(pd.pid(), started, ended, st.toString(), st.kind() == ExitStatus.Kind.EXITED ? st.code() : -1,
                st.signal() != null ? st.signal().name() : null, st.coreDumped(), user, sys, rss, requested);
    }

    /**
     * Counts the exit under its kind ("exit:3", "signal:KILL"), with the prefix "stopped:" when pdsupd was asked
     * to end the run (operator stop or restart, reload, shutdown: it did not crash), and adds the run's CPU
     * time. Called before the exit's transition, in the phase the run ended in.
     */
    static void record(Service svc, ExitStatus st, RunSummary run) {
        String key = switch (st.kind()) {
            case EXITED -> "exit:" + st.code();
            case SIGNALED -> "signal:" + (st.signal() != null ? st.signal().name() : st.signalNumber());
            case UNKNOWN -> "unknown:unknown";
        };
        svc.exits.merge(run.requested() ? "stopped:" + key : key, 1L, Long::sum);
        svc.userCpuSeconds += run.userCpuSeconds();
        svc.systemCpuSeconds += run.systemCpuSeconds();
        svc.lastExit = run;
    }
}
