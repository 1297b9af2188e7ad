package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.pdsup.config.StopMode;
import org.pdsup.daemon.supervisor.Transitions.Action;
import org.pdsup.daemon.supervisor.Transitions.Event;
import org.pdsup.daemon.supervisor.Transitions.Phase;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Signal;

/**
 * The end of a process, for {@link ServiceMachine}: the stop signal and its SIGKILL timeout, and the exit, whose
 * action the table gives by phase (stopped, stopped to restart, a failed start, an end on its own, a forking
 * launcher's end).
 */
final class Stopping {
    private final ServiceMachine.Host host;
    private final ServiceMachine machine;

    Stopping(ServiceMachine.Host host, ServiceMachine machine) {
        this.host = host;
        this.machine = machine;
    }

    /** Sends the stop signal and enters {@code next} (a stopping phase); SIGKILL after {@code stop.timeout}. */
    void terminate(Service svc, String why, Phase next) {
        svc.cancelTimer();
        if (svc.readiness != null) {
            svc.readiness.cancel();
            svc.readiness = null;
        }
        Signal sig = svc.config.stop().signal();
        sendStop(svc, sig);
        machine.to(svc, next, why + " (SIG" + sig.name() + "; SIGKILL in "
                + Durations.format(svc.config.stop().timeout()) + ")", null);
        ProcessDescriptor pd = svc.process;
        svc.timer = host.schedule(svc.config.stop().timeout(), () -> {
            if (svc.process == pd) stopTimedOut(svc);
        });
    }

    void stopTimedOut(Service svc) {
        Action action = machine.decideFor(svc, Event.STOP_TIMEOUT);
        if (action != Action.KILL) return; // IGNORE: no longer stopping
        sendStop(svc, Signal.KILL);
        svc.reason = "did not stop within " + Durations.format(svc.config.stop().timeout()) + ": SIGKILL";
        host.transitioned(svc, ServiceState.STOPPING, ServiceState.STOPPING, svc.reason, null);
    }

    private void sendStop(Service svc, Signal sig) {
        ProcessDescriptor pd = svc.process;
        try {
            if (svc.config.stop().mode() == StopMode.GROUP && !svc.adopted) {
                pd.signalGroup(sig);
            } else {
                pd.signal(sig);
            }
        } catch (NoSuchProcessException e) {
            // Already exited; its exit event is on its way.
        } catch (RuntimeException e) {
            svc.lastError = "cannot signal " + svc.name + ": " + e.getMessage();
        }
    }

    /**
     * The kernel reported the exit of {@code pd}, and its output has been flushed. The orphan collector hears of
     * the collected exit last: its peek walks every child in the kernel (23 µs with 1,000 children, 360 µs with
     * 10,000: a C program's waitid over N sleeping children), and a restart's spawn should not wait for it.
     */
    void exited(Service svc, ProcessDescriptor pd, ExitStatus status) {
        try {
            handleExit(svc, pd, status);
        } finally {
            if (!pd.isAdopted()) host.exitCollected();
        }
    }

    private void handleExit(Service svc, ProcessDescriptor pd, ExitStatus status) {
        if (svc.process != pd) {
            pd.close();
            return; // a process we already let go of
        }
        Action action = machine.decideFor(svc, Event.EXIT);
        svc.cancelTimer();
        if (svc.readiness != null) {
            svc.readiness.cancel();
            svc.readiness = null;
        }
        Instant endedAt = host.now();
        RunSummary run = RunRecords.summarize(pd, status, svc.runStartedAt, endedAt, RunRecords.requested(svc));
        RunRecords.record(svc, status, run);
        Duration ran = svc.runStartedAt == null ? Duration.ZERO : Duration.between(svc.runStartedAt, endedAt);
        boolean wasPersistent = svc.config.persist();
        pd.close();
        svc.process = null;
        svc.ready = false;
        if (wasPersistent) host.persistentChanged();
        boolean success = RunRecords.isSuccess(svc.config, status);
        switch (action) {
            case STOPPED -> stopped(svc, run);
            case STOPPED_RESTART -> {
                if (svc.removed) {
                    stopped(svc, run);
                    return;
                }
                machine.to(svc, Phase.STOPPED, "stopped for restart", run);
                machine.answerStop(svc);
                machine.spawn(svc, ServiceMachine.respawnReason(svc));
            }
            case FAILED_START_ENDED -> machine.failedStartEnded(svc, run);
            case UNHEALTHY_ENDED -> machine.unhealthyEnded(svc, run, ran, svc.lastError);
            case FOLLOW_PIDFILE -> {
                if (!success || !followPidfile(svc, run)) machine.ended(svc, run, ran, false);
            }
            case ENDED -> machine.ended(svc, run, ran, success);
            default -> ServiceMachine.unreachable(svc, Event.EXIT, action);
        }
    }

    private void stopped(Service svc, RunSummary run) {
        String cause = svc.stopCause;
        svc.stopCause = null;
        machine.to(svc, Phase.STOPPED, (cause != null ? cause + ": " : "stopped: ") + run.exit(), run);
        machine.answerStop(svc);
        host.serviceSettled(svc);
    }

    /** type = forking: the launcher exited successfully; follow the daemon its pidfile names. */
    private boolean followPidfile(Service svc, RunSummary launcherRun) {
        Path pidfile = svc.config.pidfile();
        int pid;
        try {
            pid = Integer.parseInt(Files.readString(pidfile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            svc.lastError = "cannot read pidfile " + pidfile + ": " + e.getMessage();
            return false;
        }
        ProcessDescriptor daemon;
        try {
            daemon = host.procdesc().adopt(pid, null);
        } catch (RuntimeException e) {
            svc.lastError = "pidfile " + pidfile + " names process " + pid + ", which is not running";
            return false;
        }
        machine.follow(svc, daemon, "launcher " + launcherRun.exit() + "; following pid " + pid + " from "
                + pidfile, launcherRun);
        return true;
    }
}
