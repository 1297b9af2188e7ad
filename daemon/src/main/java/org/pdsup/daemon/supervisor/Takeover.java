package org.pdsup.daemon.supervisor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.pdsup.daemon.output.RunOutput;
import org.pdsup.daemon.supervisor.HandoverState.ProcessRecord;
import org.pdsup.daemon.supervisor.HandoverState.ServiceRecord;
import org.pdsup.daemon.supervisor.Transitions.Event;
import org.pdsup.daemon.supervisor.Transitions.Phase;
import org.pdsup.procdesc.ProcessDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The new program's side of a live re-exec, on the supervisor thread, instead of the boot: every service gets
 * back its phase, counters, backoff position, start-limit window and timer, and its process through the inherited
 * descriptor, with its output read from the inherited pipes. Nothing is spawned or stopped that was not about to
 * be; the event ring and sequence go on where they were.
 */
final class Takeover {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final ServiceTable services;
    private final ServiceMachine machine;
    private final ServiceMachine.Host host;
    private final EventRing events;
    private final SessionState sessions;

    /** Handed-over process descriptors that the new program's handover reader already took, by service name. */
    private final Map<String, ProcessDescriptor> inherited;

    Takeover(ServiceTable services, ServiceMachine machine, Supervisor host, EventRing events,
             Map<String, ProcessDescriptor> inherited) {
        this.inherited = inherited;
        this.services = services;
        this.machine = machine;
        this.host = host;
        this.events = events;
        this.sessions = host.sessions();
    }

    /** Returns the names of the services whose process could not be taken over (each logged). */
    List<String> restore(HandoverState state) {
        host.loop().assertInLoop();
        // what the previous program recorded of each process: tracking a handed-over one again looks nothing up
        sessions.resume();
        events.restore(state.nextEventSeq(), state.events());
        List<String> lost = new ArrayList<>();
        List<Runnable> after = new ArrayList<>();
        for (ServiceRecord r : state.services()) {
            Service s = services.get(r.name());
            if (s == null) {
                // refused before the exec (the old program compares the service sets); a race lands here
                LOG.error("{}: handed over, but no longer configured; its process {} is ended", r.name(),
                        r.process() == null ? 0 : r.process().pid());
                if (r.process() != null) closeOrphan(r.process(), inherited.get(r.name()), host.procdesc());
                continue;
            }
            s.phase = Phase.valueOf(r.phase());
            s.reason = r.reason();
            s.since = r.since();
            s.wanted = r.wanted();
            s.restarts = r.restarts();
            s.spawnFailures = r.spawnFailures();
            s.replaceExits(r.exits());
            s.userCpuSeconds = r.userCpuSeconds();
            s.systemCpuSeconds = r.systemCpuSeconds();
            s.lastExit = r.lastExit();
            s.lastError = r.lastError();
            s.backoff.restoreAttempt(r.backoffAttempt());
            s.startLimiter.restoreWindow(r.startLimitWindow());
            s.snapshot = null;
            if (r.process() != null && !takeProcess(s, r.process())) {
                lost.add(s.name);
                after.add(() -> machine.scheduleRestart(s, "its process could not be taken over after re-exec", null));
                continue;
            }
            after.add(() -> resume(s, r));
        }
        after.forEach(Runnable::run);
        return lost;
    }

    private boolean takeProcess(Service s, ProcessRecord p) {
        ProcessDescriptor pd = inherited.get(s.name);
        try {
            // taken by the handover reader (the same check, done while the configuration loaded), else here
            if (pd == null || pd.pid() != p.pid()) {
                pd = host.procdesc().inherit(p.fd(), p.pid(), p.daemon(), p.adopted(), p.startTime());
            }
        } catch (RuntimeException e) {
            LOG.error("{}: cannot take over process {} through descriptor {}: {}", s.name, p.pid(), p.fd(),
                    e.getMessage());
            s.phase = s.wanted ? Phase.STARTING : Phase.STOPPED;
            return false;
        }
        RunOutput out;
        try {
            out = p.output().isEmpty() ? DirectOutput.inherit() : host.output().inherit(s.name, s.config.output(),
                    p.output());
        } catch (IOException e) {
            LOG.error("{}: cannot read its output pipes after re-exec: {}", s.name, e.getMessage());
            out = DirectOutput.inherit();
        }
        s.process = pd;
        s.adopted = p.adopted();
        s.ready = p.ready();
        s.runStartedAt = p.runStartedAt();
        machine.spawning().watchExit(s, pd, out);
        return true;
    }

    /** Timers and readiness where the previous program left them. */
    private void resume(Service s, ServiceRecord r) {
        Duration left = Duration.ofNanos(Math.max(0, r.timerNanos()));
        switch (s.phase) {
            case BACKOFF -> s.timer = host.schedule(left, () -> machine.backoffElapsed(s));
            case STOPPING, RESTARTING, FAILING -> {
                ProcessDescriptor pd = s.process;
                if (pd != null && r.timerNanos() >= 0) {
                    s.timer = host.schedule(left, () -> {
                        if (s.process == pd) machine.stopTimedOut(s);
                    });
                }
            }
            case STARTING -> {
                if (s.process != null && !s.ready) {
                    if (s.config.ready().mode() == org.pdsup.config.ReadyMode.NOTIFY_FD) {
                        // its notification pipe stayed behind: it has had its chance to say so, take it as ready
                        machine.readiness(s, Event.READY, null);
                    } else {
                        machine.spawning().beginReadiness(s, null);
                    }
                }
            }
            case SPAWNING, RESTARTING_SPAWN -> {
                // its spawn had not begun: begin it here
                s.phase = Phase.SPAWNING;
                machine.spawn(s, r.reason());
            }
            case STOPPING_SPAWN -> machine.to(s, Phase.STOPPED, "stopped (its spawn had not begun at the re-exec)",
                    null);
            default -> { }
        }
    }

    /** Closing the descriptor ends a process that does not persist (terminate-on-close). */
    private static void closeOrphan(ProcessRecord p, ProcessDescriptor taken,
                                    org.pdsup.procdesc.ProcessDescriptors procdesc) {
        try {
            (taken != null ? taken : procdesc.inherit(p.fd(), p.pid(), p.daemon(), p.adopted(), p.startTime())).close();
        } catch (RuntimeException e) {
            try {
                org.pdsup.procdesc.Fds.close(p.fd());
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }
}
