package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.pdsup.daemon.output.HandedOverStream;
import org.pdsup.daemon.output.RunOutput;
import org.pdsup.daemon.supervisor.HandoverState.ProcessRecord;
import org.pdsup.daemon.supervisor.HandoverState.ServiceRecord;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ProcessDescriptor;

/**
 * The old program's side of a live re-exec, on the supervisor thread (docs/architecture.md, "Live re-exec").
 *
 * <ol>
 *   <li>{@link #quiesce}: spawns asked from now on wait; once none is in flight, every process's exit is no
 *       longer watched and its output pipes no longer read (an exit from now on stays a zombie for the next program to reap, with its status and
 *       resource usage; one that came just before is reported here, as the watcher would have); then everything
 *       already read is written out.</li>
 *   <li>{@link #capture}, posted after that: the state of every service, taken on the supervisor thread after
 *       the exits that were in flight have landed.</li>
 *   <li>{@link #undo} when the exec did not happen: watch and read again, run the waiting spawns.</li>
 * </ol>
 */
final class Handover {
    private final ServiceTable services;
    private final ServiceMachine machine;
    private final Spawner spawner;
    private final ServiceMachine.Host host;
    private final EventRing events;
    private final List<Service> unwatched = new ArrayList<>();
    private final java.util.Map<Service, List<HandedOverStream>> streams = new java.util.HashMap<>();

    Handover(ServiceTable services, ServiceMachine machine, Spawner spawner, ServiceMachine.Host host,
             EventRing events) {
        this.services = services;
        this.machine = machine;
        this.spawner = spawner;
        this.host = host;
        this.events = events;
    }

    /** Step 1; completes (on any thread) once nothing is in flight and everything read is written. */
    CompletableFuture<Void> quiesce() {
        host.loop().assertInLoop();
        return spawner.pause().thenCompose(idle -> host.loop().call(() -> {
            for (Service s : services.all()) {
                if (s.process == null) continue;
                ProcessDescriptor pd = s.process;
                host.watcher().unwatch(pd);
                // reaped by the watcher just before the unwatch (its delivery then dropped), or exited since:
                // report it here, after its output, as the watcher would have
                Optional<ExitStatus> ended = pd.tryWait();
                if (ended.isPresent()) {
                    RunOutput out = s.runOutput != null ? s.runOutput : DirectOutput.inherit();
                    out.exited(() -> host.loop().post(() -> machine.exited(s, pd, ended.get())));
                } else {
                    unwatched.add(s);
                    // stop reading now: what was read is written out below, the rest stays in the pipe
                    streams.put(s, s.runOutput == null ? List.of() : s.runOutput.handOver());
                }
            }
            return null;
        })).thenCompose(v -> host.output().flush());
    }

    /** Step 2, on the supervisor thread. */
    HandoverState capture() {
        host.loop().assertInLoop();
        List<ServiceRecord> out = new ArrayList<>();
        for (Service s : services.all()) {
            ProcessRecord proc = null;
            if (s.process != null && s.process.fd() >= 0) {
                proc = new ProcessRecord(s.pid(), s.process.fd(), s.process.isDaemon(), s.process.isAdopted(),
                        s.process.startTime(), s.ready, s.runStartedAt, streams.getOrDefault(s, List.of()));
            }
            long timer = s.timer == null || s.timer.isDone() ? -1 : Math.max(0, s.timer.getDelay(TimeUnit.NANOSECONDS));
            out.add(new ServiceRecord(s.name, s.phase.name(), s.reason, s.since, s.wanted, proc, s.spawning != null,
                    s.restarts, s.spawnFailures, s.exitsInOrder(), s.userCpuSeconds, s.systemCpuSeconds,
                    s.lastExit, s.lastError, s.backoff.attempt(), s.startLimiter.window(), timer,
                    HeldSockets.handOver(s), health(s.healthStatus)));
        }
        return new HandoverState(Instant.now(), events.peekNextSeq(), events.history(), out);
    }

    private static HandoverState.HealthRecord health(HealthStatus h) {
        return h == null ? null : new HandoverState.HealthRecord(h.state.name(), h.consecutiveFailures, h.checks,
                h.failures);
    }

    /** Step 3, on the supervisor thread: the exec failed or was refused; everything goes on as before. */
    void undo() {
        host.loop().assertInLoop();
        for (Service s : unwatched) {
            if (s.process == null) continue;
            if (s.runOutput != null) s.runOutput.undoHandOver();
            machine.spawning().watchExit(s, s.process, s.runOutput);
        }
        unwatched.clear();
        streams.clear();
        spawner.resume();
    }
}
