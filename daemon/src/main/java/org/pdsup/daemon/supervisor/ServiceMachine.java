package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import org.pdsup.config.OutputTarget;
import org.pdsup.config.RestartPolicy;
import org.pdsup.config.ServiceConfig;
import org.pdsup.config.ServiceType;
import org.pdsup.config.StopMode;
import org.pdsup.daemon.metrics.DaemonMetrics;
import org.pdsup.daemon.output.OutputCapture;
import org.pdsup.daemon.output.RunOutput;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.Fds;
import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;

/**
 * Every transition of a service's lifecycle, in one place. All methods run on the supervisor thread.
 *
 * <pre>
 *   stopped --start--> starting --spawned--> starting --ready--> running
 *   starting|running --exit--> backoff --delay--> starting      (restart policy says restart)
 *   starting|running --exit--> exited                           (policy says no; oneshot done)
 *   starting|running --stop--> stopping --exit--> stopped       (SIGKILL after stop.timeout)
 *   starting --spawn failed--> backoff
 *   backoff --start limit hit--> fatal --operator start--> starting
 * </pre>
 *
 * <p>A spawn runs on a {@link Spawner} thread: the service enters {@code starting} when the spawn is handed
 * over and gets its process when the spawn lands back here. A stop or restart asked for in between moves it to
 * {@code stopping} at once; the landing then sends the stop signal.
 */
final class ServiceMachine {

    /** What the machine needs from the supervisor around it. */
    interface Host {
        SupervisorLoop loop();

        ProcessDescriptors procdesc();

        ExitWatcher watcher();

        Spawner spawner();

        /** Null when output capture is not available: services then inherit the daemon's stdout/stderr. */
        OutputCapture output();

        ExecutorService probes();

        DaemonMetrics metrics();

        Path logDir();

        /** Records and announces a transition (event ring, log line, snapshot). */
        void transitioned(Service svc, ServiceState from, ServiceState to, String reason, RunSummary exit);

        /** Names of {@code svc}'s requirements that are not yet ready; empty when it may start. */
        List<String> unmetRequirements(Service svc);

        /** A persistent service gained or lost its process: rewrite the state file. */
        void persistentChanged();

        /** A service became ready or ended: dependents waiting on it may proceed, shutdown may continue. */
        void serviceSettled(Service svc);

        /** An exit was collected: an orphan's zombie that stood behind it can now be reaped. */
        void exitCollected();
    }

    private final Host host;

    ServiceMachine(Host host) {
        this.host = host;
    }

    // ---- operator and autostart requests ------------------------------------------------------------

    /** Wants the service up. An operator start clears {@code fatal} and the backoff sequence. */
    void start(Service svc, boolean operator, CompletableFuture<ServiceSnapshot> done) {
        svc.wanted = true;
        if (done != null) svc.startWaiters.add(done);
        switch (svc.state) {
            case RUNNING -> completeStart(svc);
            case STARTING -> {
                if (!svc.hasProcess()) spawn(svc, operator ? "started by operator" : "dependencies ready");
            }
            case STOPPING -> svc.restartAfterStop = true;
            case BACKOFF -> {
                if (operator) {
                    svc.cancelTimer();
                    svc.backoff.reset();
                    spawn(svc, "started by operator");
                }
            }
            case STOPPED, EXITED, FATAL -> {
                if (operator) {
                    svc.backoff.reset();
                    svc.startLimiter.reset();
                }
                spawn(svc, operator ? "started by operator" : "autostart");
            }
        }
    }

    /** Wants the service down: stop signal, then SIGKILL after {@code stop.timeout}. */
    void stop(Service svc, String why, CompletableFuture<ServiceSnapshot> done) {
        svc.wanted = false;
        svc.restartAfterStop = false;
        if (done != null) svc.stopWaiters.add(done);
        switch (svc.state) {
            case STOPPING -> { /* already on its way */ }
            case STARTING, RUNNING -> {
                if (svc.hasProcess()) {
                    terminate(svc, why);
                } else if (svc.spawning != null) {
                    to(svc, ServiceState.STOPPING, why + " (the stop signal follows its spawn)", null);
                } else {
                    to(svc, ServiceState.STOPPED, why, null);
                    completeStop(svc);
                    host.serviceSettled(svc);
                }
            }
            case BACKOFF, EXITED, FATAL -> {
                svc.cancelTimer();
                to(svc, ServiceState.STOPPED, why, null);
                completeStop(svc);
                host.serviceSettled(svc);
            }
            case STOPPED -> completeStop(svc);
        }
        failStartWaiters(svc); // a start or restart still waiting is answered: the stop superseded it
    }

    /** Stop, then start again at once (no backoff, not counted as a restart by policy). */
    void restart(Service svc, CompletableFuture<ServiceSnapshot> done) {
        if (svc.hasProcess() && svc.state != ServiceState.STOPPING) {
            if (done != null) svc.startWaiters.add(done);
            terminate(svc, "restart requested by operator");
            svc.wanted = true;
            svc.restartAfterStop = true;
        } else if (svc.state == ServiceState.STOPPING) {
            if (done != null) svc.startWaiters.add(done);
            svc.wanted = true;
            svc.restartAfterStop = true;
        } else if (svc.spawning != null) {
            if (done != null) svc.startWaiters.add(done);
            svc.wanted = true;
            svc.restartAfterStop = true;
            to(svc, ServiceState.STOPPING, "restart requested by operator (the stop signal follows its spawn)", null);
        } else {
            start(svc, true, done);
        }
    }

    /** Sends {@code signal} through the descriptor. */
    void signal(Service svc, Signal signal) {
        if (!svc.hasProcess()) {
            throw new org.pdsup.daemon.control.ControlException("invalid_state",
                    svc.name + " has no running process (state " + svc.state.wireName() + ")");
        }
        try {
            svc.process.signal(signal);
        } catch (NoSuchProcessException e) {
            throw new org.pdsup.daemon.control.ControlException("invalid_state",
                    svc.name + ": process " + svc.pid() + " has already exited");
        }
    }

    /**
     * Takes over a running process left by an earlier pdsupd (a persistent service): it is supervised from
     * now on, but it is not our child, so its exit status will be unknown.
     */
    void adopt(Service svc, ProcessDescriptor pd) {
        svc.wanted = true;
        svc.process = pd;
        svc.adopted = true;
        svc.ready = true;
        svc.runStartedAt = pd.startTime();
        watchExit(svc, pd, null);
        to(svc, ServiceState.RUNNING, "adopted from an earlier pdsupd", null);
        host.serviceSettled(svc);
    }

    /** Leaves a persistent service running as the supervisor exits: close its descriptor only. */
    void detach(Service svc) {
        if (!svc.hasProcess()) return;
        host.watcher().unwatch(svc.process);
        svc.cancelTimer();
        if (svc.readiness != null) svc.readiness.cancel();
        svc.process.close(); // PD_DAEMON: closing does not kill
        svc.process = null;
    }

    // ---- spawning -----------------------------------------------------------------------------------

    /**
     * Hands a spawn of {@code svc} to the {@link Spawner} and enters {@code starting}; {@link #landed} or
     * {@link #spawnFailed} continues on this thread. At most one spawn per service is in flight.
     */
    private void spawn(Service svc, String why) {
        if (svc.spawning != null) return;
        svc.cancelTimer();
        List<String> unmet = host.unmetRequirements(svc);
        if (!unmet.isEmpty()) {
            to(svc, ServiceState.STARTING, "waiting for " + String.join(", ", unmet), null);
            return;
        }
        Instant now = Instant.now();
        if (!svc.startLimiter.tryStart(now)) {
            svc.lastError = "start limit reached: " + svc.startLimiter.describe();
            to(svc, ServiceState.FATAL, svc.lastError + "; start it again with pdctl start " + svc.name, null);
            failStartWaiters(svc);
            host.serviceSettled(svc);
            return;
        }
        ServiceConfig cfg = svc.config;
        RunOutput output = null;
        Pipe notify = null;
        SpawnSpec spec;
        try {
            Redirect out;
            Redirect err;
            if (host.output() == null || directToFile(cfg)) {
                out = direct(cfg, true);
                err = direct(cfg, false);
            } else {
                output = host.output().open(svc.name, cfg.output());
                out = output.stdout();
                err = output.stderr();
            }
            if (cfg.ready().mode() == org.pdsup.config.ReadyMode.NOTIFY_FD) {
                notify = host.procdesc().pipe();
            }
            spec = SpawnSpecs.of(cfg, out, err, notify == null ? -1 : notify.writeFd());
        } catch (IOException | RuntimeException e) {
            discard(output, notify);
            spawnFailed(svc, "cannot start: " + e.getMessage());
            return;
        }
        Object token = new Object();
        svc.spawning = token;
        RunOutput runOutput = output;
        Pipe readyPipe = notify;
        // Handed over first, announced after: the landing is posted to this thread, so it cannot overtake the
        // transition, and the spawn does not wait for the log line and the event.
        host.spawner().submit(spec, new Spawner.Landing() {
            @Override
            public void spawned(ProcessDescriptor pd, Duration took) {
                landed(svc, token, pd, took, runOutput, readyPipe);
            }

            @Override
            public void failed(Exception error, Duration took) {
                host.metrics().spawnTook(took);
                discard(runOutput, readyPipe);
                if (svc.spawning != token) return;
                svc.spawning = null;
                spawnFailed(svc, error instanceof SpawnException ? error.getMessage()
                        : "cannot start: " + error.getMessage());
            }
        });
        to(svc, ServiceState.STARTING, why, null);
    }

    /** The spawn handed over by {@link #spawn} succeeded: supervise the process. */
    private void landed(Service svc, Object token, ProcessDescriptor pd, Duration took, RunOutput output,
                        Pipe notify) {
        host.metrics().spawnTook(took);
        if (output != null) output.spawned();
        if (notify != null) Fds.close(notify.writeFd());
        if (svc.spawning != token) {
            // given up on while it was in flight (the shutdown timeout): nobody supervises it
            if (notify != null) Fds.close(notify.readFd());
            pd.close();
            return;
        }
        svc.spawning = null;
        svc.process = pd;
        svc.output = output;
        svc.adopted = false;
        svc.forkedMain = false;
        svc.ready = false;
        svc.failedStart = false;
        svc.runStartedAt = Instant.now();
        watchExit(svc, pd, output);
        if (svc.config.persist()) host.persistentChanged();
        String spawned = "spawned in " + formatSpawnTime(took);
        if (svc.state == ServiceState.STOPPING) {
            if (notify != null) Fds.close(notify.readFd());
            terminate(svc, spawned + "; stopping as asked");
        } else {
            boolean awaitsReadiness = svc.config.ready().mode() != org.pdsup.config.ReadyMode.STARTED
                    && svc.config.type() == ServiceType.SIMPLE;
            to(svc, ServiceState.STARTING, awaitsReadiness ? spawned + "; waiting until ready (" + modeName(svc) + ")"
                    : spawned, null);
            beginReadiness(svc, notify);
        }
        host.serviceSettled(svc); // a shutdown waiting for this spawn may go on
    }

    /** No process came of the spawn: back off and try again, or finish the stop asked for meanwhile. */
    private void spawnFailed(Service svc, String error) {
        svc.spawnFailures++;
        svc.lastError = error;
        if (svc.state == ServiceState.STOPPING) {
            boolean again = svc.restartAfterStop && !svc.removed;
            svc.restartAfterStop = false;
            to(svc, ServiceState.STOPPED, "stopped; its spawn had failed: " + error, null);
            completeStop(svc);
            if (again) {
                spawn(svc, "restarted by operator");
            } else {
                host.serviceSettled(svc);
            }
            return;
        }
        scheduleRestart(svc, "spawn failed: " + error, null);
    }

    private static void discard(RunOutput output, Pipe notify) {
        if (output != null) output.abandon();
        if (notify != null) {
            Fds.close(notify.readFd());
            Fds.close(notify.writeFd());
        }
    }

    /** "1.8 ms", "12 ms", "1500 ms". */
    static String formatSpawnTime(Duration d) {
        long us = d.toNanos() / 1000;
        if (us < 10_000) return (us / 1000) + "." + (us % 1000 / 100) + " ms";
        return (us / 1000) + " ms";
    }

    /** A persistent service must not write into a pipe of this supervisor, which it outlives. */
    private static boolean directToFile(ServiceConfig cfg) {
        return cfg.persist();
    }

    private Redirect direct(ServiceConfig cfg, boolean stdout) throws IOException {
        OutputTarget target = stdout ? cfg.output().stdout() : cfg.output().stderr();
        return switch (target) {
            case NULL -> Redirect.devNull();
            case INHERIT, SYSLOG -> Redirect.inherit();
            case FILE -> {
                String file = cfg.output().combine() ? "output.log" : (stdout ? "stdout.log" : "stderr.log");
                // checked directories, the file created rw-r----- and refused if a link or not ours
                yield Redirect.file(org.pdsup.daemon.output.LogFiles.prepareDirect(host.logDir(), cfg.name(), file), true);
            }
        };
    }

    private void watchExit(Service svc, ProcessDescriptor pd, RunOutput output) {
        host.watcher().watch(pd, (process, status) -> {
            if (output != null) {
                output.exited(() -> host.loop().post(() -> exited(svc, process, status)));
            } else {
                host.loop().post(() -> exited(svc, process, status));
            }
        });
    }

    private void beginReadiness(Service svc, Pipe notify) {
        if (svc.config.type() == ServiceType.ONESHOT) {
            // A oneshot is "done", not "ready": it stays starting until it exits, and requirers wait for that.
            if (notify != null) Fds.close(notify.readFd());
            return;
        }
        if (svc.config.type() == ServiceType.FORKING && !svc.forkedMain) {
            // The launcher is not the service: readiness starts once the pidfile's daemon is followed.
            if (notify != null) Fds.close(notify.readFd());
            return;
        }
        ProcessDescriptor pd = svc.process;
        svc.readiness = ReadinessCheck.begin(host.loop(), host.watcher(), host.probes(), svc.config.ready(), notify,
                new ReadinessCheck.Outcome() {
                    @Override
                    public void ready() {
                        if (svc.process != pd || svc.state != ServiceState.STARTING) return;
                        svc.readiness = null;
                        svc.ready = true;
                        to(svc, ServiceState.RUNNING, "ready (" + modeName(svc) + ")", null);
                        completeStart(svc);
                        host.serviceSettled(svc);
                    }

                    @Override
                    public void notReady(String why) {
                        if (svc.process != pd || svc.state != ServiceState.STARTING) return;
                        svc.readiness = null;
                        svc.lastError = why;
                        svc.failedStart = true;
                        terminate(svc, why);
                    }
                });
    }

    private static String modeName(Service svc) {
        return svc.config.ready().mode().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ---- stopping -----------------------------------------------------------------------------------

    private void terminate(Service svc, String why) {
        svc.cancelTimer();
        if (svc.readiness != null) {
            svc.readiness.cancel();
            svc.readiness = null;
        }
        Signal sig = svc.config.stop().signal();
        sendStop(svc, sig);
        to(svc, ServiceState.STOPPING, why + " (SIG" + sig.name() + "; SIGKILL in "
                + StartLimiter.format(svc.config.stop().timeout()) + ")", null);
        ProcessDescriptor pd = svc.process;
        svc.timer = host.loop().schedule(svc.config.stop().timeout(), () -> {
            if (svc.process != pd || svc.state != ServiceState.STOPPING) return;
            sendStop(svc, Signal.KILL);
            svc.reason = "did not stop within " + StartLimiter.format(svc.config.stop().timeout()) + ": SIGKILL";
            host.transitioned(svc, ServiceState.STOPPING, ServiceState.STOPPING, svc.reason, null);
        });
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

    // ---- exits --------------------------------------------------------------------------------------

    /** The kernel reported the exit of {@code pd}, and its output has been flushed. */
    void exited(Service svc, ProcessDescriptor pd, ExitStatus status) {
        if (!pd.isAdopted()) host.exitCollected();
        if (svc.process != pd) {
            pd.close();
            return; // a process we already let go of
        }
        svc.cancelTimer();
        if (svc.readiness != null) {
            svc.readiness.cancel();
            svc.readiness = null;
        }
        Instant endedAt = Instant.now();
        RunSummary run = summarize(pd, status, svc.runStartedAt, endedAt);
        record(svc, status, run);
        Duration ran = svc.runStartedAt == null ? Duration.ZERO : Duration.between(svc.runStartedAt, endedAt);
        boolean wasPersistent = svc.config.persist();
        pd.close();
        svc.process = null;
        svc.output = null;
        svc.ready = false;
        if (wasPersistent) host.persistentChanged();
        ServiceConfig cfg = svc.config;
        boolean success = isSuccess(cfg, status);

        if (svc.state == ServiceState.STOPPING) {
            if (svc.failedStart && svc.wanted && !svc.restartAfterStop) {
                svc.backoff.runEnded(Duration.ZERO);
                if (cfg.restart() == RestartPolicy.NEVER) {
                    to(svc, ServiceState.EXITED, "failed to become ready: " + svc.lastError, run);
                    failStartWaiters(svc);
                    host.serviceSettled(svc);
                } else {
                    scheduleRestart(svc, "failed to become ready: " + svc.lastError, run);
                }
                return;
            }
            if (svc.restartAfterStop && !svc.removed) {
                svc.restartAfterStop = false;
                to(svc, ServiceState.STOPPED, "stopped for restart", run);
                completeStop(svc);
                spawn(svc, "restarted by operator");
                return;
            }
            to(svc, ServiceState.STOPPED, "stopped: " + run.exit(), run);
            completeStop(svc);
            host.serviceSettled(svc);
            return;
        }

        if (cfg.type() == ServiceType.FORKING && !svc.forkedMain && success) {
            if (followPidfile(svc, run)) return;
            success = false;
        }

        if (cfg.type() == ServiceType.ONESHOT && success) {
            to(svc, ServiceState.EXITED, "completed: " + run.exit(), run);
            completeStart(svc);
            host.serviceSettled(svc);
            return;
        }
        svc.backoff.runEnded(ran);
        if (!svc.wanted) {
            to(svc, ServiceState.STOPPED, run.exit(), run);
            host.serviceSettled(svc);
            return;
        }
        boolean again = switch (cfg.restart()) {
            case ALWAYS -> true;
            case ON_FAILURE -> !success;
            case NEVER -> false;
        };
        if (again) {
            scheduleRestart(svc, (success ? "exited: " : "failed: ") + run.exit(), run);
        } else {
            to(svc, ServiceState.EXITED, run.exit() + "; restart = "
                    + cfg.restart().name().toLowerCase(Locale.ROOT).replace('_', '-'), run);
            failStartWaiters(svc);
            host.serviceSettled(svc);
        }
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
        svc.process = daemon;
        svc.forkedMain = true;
        svc.adopted = daemon.isAdopted();
        svc.runStartedAt = Instant.now();
        watchExit(svc, daemon, null);
        to(svc, ServiceState.STARTING, "launcher " + launcherRun.exit() + "; following pid " + pid
                + " from " + pidfile, launcherRun);
        beginReadiness(svc, null);
        return true;
    }

    private void scheduleRestart(Service svc, String why, RunSummary run) {
        Duration delay = svc.backoff.nextDelay();
        to(svc, ServiceState.BACKOFF, why + "; restart in " + formatDelay(delay), run);
        failStartWaiters(svc);
        host.serviceSettled(svc);
        Runnable again = () -> {
            if (svc.state != ServiceState.BACKOFF || !svc.wanted) return;
            svc.timer = null;
            svc.restarts++;
            spawn(svc, "restart #" + svc.restarts);
        };
        if (delay.isZero()) {
            host.loop().post(again);
        } else {
            svc.timer = host.loop().schedule(delay, again);
        }
    }

    static boolean isSuccess(ServiceConfig cfg, ExitStatus status) {
        return switch (status.kind()) {
            case EXITED -> cfg.successExitCodes().contains(status.code());
            case SIGNALED -> status.signal() == cfg.stop().signal();
            case UNKNOWN -> false; // a re-adopted process's status cannot be read: count it as a failure
        };
    }

    private static RunSummary summarize(ProcessDescriptor pd, ExitStatus st, Instant started, Instant ended) {
        double user = st.resourceUsage().map(u -> u.userCpu().toNanos() / 1e9).orElse(0.0);
        double sys = st.resourceUsage().map(u -> u.systemCpu().toNanos() / 1e9).orElse(0.0);
        long rss = st.resourceUsage().flatMap(u -> u.maxRssBytes().isPresent()
                ? java.util.Optional.of(u.maxRssBytes().getAsLong()) : java.util.Optional.empty()).orElse(-1L);
        return new RunSummary(pd.pid(), started, ended, st.toString(), st.kind() == ExitStatus.Kind.EXITED ? st.code() : -1,
                st.signal() != null ? st.signal().name() : null, st.coreDumped(), user, sys, rss);
    }

    private static void record(Service svc, ExitStatus st, RunSummary run) {
        String key = switch (st.kind()) {
            case EXITED -> "exit:" + st.code();
            case SIGNALED -> "signal:" + (st.signal() != null ? st.signal().name() : st.signalNumber());
            case UNKNOWN -> "unknown:unknown";
        };
        // A run pdsupd was asked to end (operator stop or restart, reload, shutdown) did not crash: own key.
        boolean stopped = svc.state == ServiceState.STOPPING && !svc.failedStart;
        svc.exits.merge(stopped ? "stopped:" + key : key, 1L, Long::sum);
        svc.userCpuSeconds += run.userCpuSeconds();
        svc.systemCpuSeconds += run.systemCpuSeconds();
        svc.lastExit = run;
    }

    // ---- bookkeeping --------------------------------------------------------------------------------

    private void to(Service svc, ServiceState next, String why, RunSummary exit) {
        ServiceState from = svc.state;
        svc.state = next;
        svc.since = Instant.now();
        svc.reason = why;
        host.transitioned(svc, from, next, why, exit);
    }

    private void completeStart(Service svc) {
        if (svc.startWaiters.isEmpty()) return;
        ServiceSnapshot snap = snapshot(svc);
        List.copyOf(svc.startWaiters).forEach(f -> f.complete(snap));
        svc.startWaiters.clear();
    }

    /** The start did not lead to a running service: answer the operator with the current state. */
    private void failStartWaiters(Service svc) {
        completeStart(svc);
    }

    private void completeStop(Service svc) {
        if (svc.stopWaiters.isEmpty()) return;
        ServiceSnapshot snap = snapshot(svc);
        List.copyOf(svc.stopWaiters).forEach(f -> f.complete(snap));
        svc.stopWaiters.clear();
    }

    private ServiceSnapshot snapshot(Service svc) {
        return Snapshots.of(svc, host.output());
    }

    static String formatDelay(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
