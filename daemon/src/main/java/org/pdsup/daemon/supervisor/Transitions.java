package org.pdsup.daemon.supervisor;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every decision of a service's lifecycle, as one table in the manner of s6-supervise's
 * {@code actions[state][event]}: for each {@link Phase} and each {@link Event}, the {@link Action} to take.
 * {@link ServiceMachine} looks the action up and does it; nothing else decides a transition. No-ops are written
 * out: {@link Action#IGNORE} (the event is stale or changes nothing here) and {@link Action#UNREACHABLE} (the
 * event cannot reach a service in that phase; taking it would be a bug). docs/architecture.md shows the same
 * table, and a test holds the two together.
 */
final class Transitions {
    private Transitions() {}

    /** Where a service is in its lifecycle: its public {@link ServiceState} and what it waits for there. */
    enum Phase {
        /** Not running and not wanted. */
        STOPPED(ServiceState.STOPPED),
        /** Wanted, but a requirement is not ready yet. */
        WAITING(ServiceState.STARTING),
        /** The spawn is in flight on a spawner thread. */
        SPAWNING(ServiceState.STARTING),
        /** type = forking: the launcher runs; its pidfile will name the service's process. */
        LAUNCHING(ServiceState.STARTING),
        /** The process runs; its readiness rule has not passed (a oneshot: it has not finished). */
        STARTING(ServiceState.STARTING),
        /** Running and ready. */
        RUNNING(ServiceState.RUNNING),
        /** The stop signal was sent; stopped when the process exits. */
        STOPPING(ServiceState.STOPPING),
        /** A stop was asked while the spawn was in flight: the stop signal follows the landing. */
        STOPPING_SPAWN(ServiceState.STOPPING),
        /** The stop signal was sent; spawned again when the process exits (operator restart, reload). */
        RESTARTING(ServiceState.STOPPING),
        /** A restart was asked while the spawn was in flight: the stop signal follows the landing. */
        RESTARTING_SPAWN(ServiceState.STOPPING),
        /** The readiness rule failed and the stop signal was sent: the exit counts as a failed start. */
        FAILING(ServiceState.STOPPING),
        /** The liveness check failed too often and the stop signal was sent: the exit counts as a crash. */
        UNHEALTHY(ServiceState.STOPPING),
        /** Ended or failed to spawn; waiting out the restart delay. */
        BACKOFF(ServiceState.BACKOFF),
        /** Ended and not restarted. */
        EXITED(ServiceState.EXITED),
        /** The start limit was hit. */
        FATAL(ServiceState.FATAL);

        final ServiceState state;

        Phase(ServiceState state) {
            this.state = state;
        }
    }

    /** What can happen to a service. */
    enum Event {
        /** {@code pdctl start}: wanted up; clears fatal and the backoff sequence. */
        START,
        /** Wanted up without an operator: autostart, or a requirement of a service being started. */
        AUTOSTART,
        /** A requirement became ready. */
        REQUIREMENTS_MET,
        /** {@code pdctl stop}, or removed by reload: wanted down. */
        STOP,
        /** {@code pdctl restart}, or reload changed its process. */
        RESTART,
        /** The daemon is shutting down: no longer wanted; the shutdown stops it in dependency order. */
        SHUTDOWN,
        /** At boot: a persistent process of an earlier pdsupd is taken over. */
        ADOPT,
        /** The spawn in flight landed with a process. */
        SPAWNED,
        /** The spawn in flight failed. */
        SPAWN_FAILED,
        /** The readiness rule passed. */
        READY,
        /** The readiness rule failed. */
        NOT_READY,
        /** The process exited (and its output is flushed). */
        EXIT,
        /** The restart delay (or, in fatal, the start-limit cool-down) is over. */
        BACKOFF_ELAPSED,
        /** {@code stop.timeout} passed after the stop signal. */
        STOP_TIMEOUT,
        /** The liveness check ({@code health}) failed {@code failures} times in a row. */
        UNHEALTHY
    }

    /** What the machine does; {@link ServiceMachine} and its helpers do each, as its description says. */
    enum Action {
        IGNORE("Nothing to do: the event is stale here, or asks for what is already so."),
        UNREACHABLE("The event cannot reach this phase: one that did would be a bug, logged and ignored."),
        ANSWER_STARTED("Answers a start at once: it is running."),
        ANSWER_STOPPED("Answers a stop at once: it is stopped."),
        SPAWN("Spawns it, or waits for its requirements, or is fatal at its start limit."),
        SPAWN_FRESH("An operator start: begins the backoff sequence and the start limit afresh, then spawns."),
        SPAWN_NOW("An operator start during the restart delay: cancels it, begins the backoff sequence afresh, "
                + "spawns."),
        WANT("Remembers that a start is wanted; the spawn, landing or readiness under way answers it."),
        RESTART_AFTER_STOP("Stopping: start again once stopped."),
        STOP_AFTER_STOP("Stopping: do not start again once stopped."),
        UNWANT("No longer wanted; whatever runs is stopped by the shutdown in dependency order."),
        TERMINATE("Sends the stop signal (SIGKILL after stop.timeout)."),
        TERMINATE_AND_RESTART("Sends the stop signal; starts again once stopped."),
        STOP_AFTER_SPAWN("The spawn is in flight: the stop signal follows it."),
        RESTART_AFTER_SPAWN("The spawn is in flight: the stop signal follows it, and a start follows the stop."),
        STOP_NOW("Nothing runs: stopped now."),
        ADOPT("Takes over a process of an earlier pdsupd: running."),
        LANDED("Supervises the new process: readiness begins (a forking launcher: its exit is awaited)."),
        LANDED_THEN_STOP("Supervises the new process and sends it the stop signal at once, as asked meanwhile."),
        SPAWN_FAILED_BACKOFF("The spawn failed: back off and try again."),
        SPAWN_FAILED_STOPPED("The spawn failed while a stop was asked: stopped (and started again after a "
                + "restart)."),
        BECOME_RUNNING("Ready: running."),
        FAIL_START("Not ready: stop it, and count its end as a failed start."),
        TERMINATE_UNHEALTHY("Unhealthy: stop it, and count its end as a crash."),
        FOLLOW_PIDFILE("The launcher exited: follow the process its pidfile names, or treat it as an end."),
        ENDED("It ended on its own: per type and restart policy, exited, stopped or back off."),
        STOPPED("Its stop completed: stopped."),
        STOPPED_RESTART("Its stop completed: spawn it again."),
        FAILED_START_ENDED("Its failed start ended: back off, or exited when restart = never."),
        UNHEALTHY_ENDED("Its unhealthy run ended: what follows a crash (restart policy, backoff)."),
        RESPAWN("The restart delay is over: spawn it again."),
        COOL_DOWN_OVER("The start-limit cool-down is over: begins the start limit and the backoff sequence afresh, "
                + "spawns."),
        KILL("It did not stop in time: SIGKILL.");

        final String does;

        Action(String does) {
            this.does = does;
        }
    }

    private static final Map<Phase, Map<Event, Action>> TABLE = new EnumMap<>(Phase.class);

    private static void row(Phase phase, Action... actions) {
        if (actions.length != Event.values().length) {
            throw new IllegalStateException(phase + ": " + actions.length + " actions for "
                    + Event.values().length + " events");
        }
        Map<Event, Action> row = new EnumMap<>(Event.class);
        for (Event e : Event.values()) row.put(e, actions[e.ordinal()]);
        TABLE.put(phase, row);
    }

    private static final Action I = Action.IGNORE;
    private static final Action X = Action.UNREACHABLE;

    static {
        // Columns: START, AUTOSTART, REQUIREMENTS_MET, STOP, RESTART, SHUTDOWN, ADOPT,
        //          SPAWNED, SPAWN_FAILED, READY, NOT_READY, EXIT, BACKOFF_ELAPSED, STOP_TIMEOUT, UNHEALTHY
        // UNHEALTHY comes from a liveness check, which runs only in running: elsewhere it is stale and ignored.
        // READY, NOT_READY, EXIT and STOP_TIMEOUT of a process the service no longer has are dropped before the
        // table, as are SPAWNED and SPAWN_FAILED of a spawn it gave up on: in a phase without a process (or a
        // spawn) they are unreachable.
        row(Phase.STOPPED, Action.SPAWN_FRESH, Action.SPAWN, I, Action.ANSWER_STOPPED, Action.SPAWN_FRESH, I,
                Action.ADOPT, X, X, X, X, X, I, X, I);
        row(Phase.WAITING, Action.SPAWN, Action.SPAWN, Action.SPAWN, Action.STOP_NOW, Action.SPAWN, Action.STOP_NOW,
                X, X, X, X, X, X, I, X, I);
        row(Phase.SPAWNING, Action.WANT, Action.WANT, I, Action.STOP_AFTER_SPAWN, Action.RESTART_AFTER_SPAWN,
                Action.UNWANT, X, Action.LANDED, Action.SPAWN_FAILED_BACKOFF, X, X, X, I, X, I);
        row(Phase.LAUNCHING, Action.WANT, Action.WANT, I, Action.TERMINATE, Action.TERMINATE_AND_RESTART,
                Action.UNWANT, X, X, X, X, X, Action.FOLLOW_PIDFILE, I, I, I);
        row(Phase.STARTING, Action.WANT, Action.WANT, I, Action.TERMINATE, Action.TERMINATE_AND_RESTART,
                Action.UNWANT, X, X, X, Action.BECOME_RUNNING, Action.FAIL_START, Action.ENDED, I, I, I);
        row(Phase.RUNNING, Action.ANSWER_STARTED, Action.ANSWER_STARTED, I, Action.TERMINATE,
                Action.TERMINATE_AND_RESTART, Action.UNWANT, X, X, X, I, I, Action.ENDED, I, I,
                Action.TERMINATE_UNHEALTHY);
        row(Phase.STOPPING, Action.RESTART_AFTER_STOP, Action.RESTART_AFTER_STOP, I, I, Action.RESTART_AFTER_STOP,
                I, X, X, X, I, I, Action.STOPPED, I, Action.KILL, I);
        row(Phase.STOPPING_SPAWN, Action.RESTART_AFTER_STOP, Action.RESTART_AFTER_STOP, I, I,
                Action.RESTART_AFTER_STOP, I, X, Action.LANDED_THEN_STOP, Action.SPAWN_FAILED_STOPPED, X, X, X, I, X,
                I);
        row(Phase.RESTARTING, Action.WANT, Action.WANT, I, Action.STOP_AFTER_STOP, Action.WANT,
                Action.STOP_AFTER_STOP, X, X, X, I, I, Action.STOPPED_RESTART, I, Action.KILL, I);
        row(Phase.RESTARTING_SPAWN, Action.WANT, Action.WANT, I, Action.STOP_AFTER_STOP, Action.WANT,
                Action.STOP_AFTER_STOP, X, Action.LANDED_THEN_STOP, Action.SPAWN_FAILED_STOPPED, X, X, X, I, X, I);
        row(Phase.FAILING, Action.RESTART_AFTER_STOP, Action.RESTART_AFTER_STOP, I, Action.STOP_AFTER_STOP,
                Action.RESTART_AFTER_STOP, Action.STOP_AFTER_STOP, X, X, X, I, I, Action.FAILED_START_ENDED, I,
                Action.KILL, I);
        row(Phase.UNHEALTHY, Action.RESTART_AFTER_STOP, Action.RESTART_AFTER_STOP, I, Action.STOP_AFTER_STOP,
                Action.RESTART_AFTER_STOP, Action.STOP_AFTER_STOP, X, X, X, I, I, Action.UNHEALTHY_ENDED, I,
                Action.KILL, I);
        row(Phase.BACKOFF, Action.SPAWN_NOW, Action.WANT, I, Action.STOP_NOW, Action.SPAWN_NOW, Action.STOP_NOW,
                X, X, X, X, X, X, Action.RESPAWN, X, I);
        row(Phase.EXITED, Action.SPAWN_FRESH, Action.SPAWN, I, Action.STOP_NOW, Action.SPAWN_FRESH, I,
                X, X, X, X, X, X, I, X, I);
        row(Phase.FATAL, Action.SPAWN_FRESH, Action.SPAWN, I, Action.STOP_NOW, Action.SPAWN_FRESH, Action.STOP_NOW,
                X, X, X, X, X, X, Action.COOL_DOWN_OVER, X, I);
    }

    /** The action for {@code event} in {@code phase}. */
    static Action action(Phase phase, Event event) {
        return TABLE.get(phase).get(event);
    }

    /** The table as a Markdown table (phases down, events across), as docs/architecture.md shows it. */
    static String markdown() {
        StringBuilder b = new StringBuilder("| phase (state) |");
        for (Event e : Event.values()) b.append(' ').append(name(e)).append(" |");
        b.append("\n|---|");
        for (int i = 0; i < Event.values().length; i++) b.append("---|");
        b.append('\n');
        for (Phase p : Phase.values()) {
            b.append("| ").append(name(p)).append(" (").append(p.state.wireName()).append(") |");
            for (Event e : Event.values()) {
                Action a = action(p, e);
                b.append(' ').append(a == Action.IGNORE ? "·" : a == Action.UNREACHABLE ? "–" : name(a)).append(" |");
            }
            b.append('\n');
        }
        b.append('\n');
        for (Action a : Action.values()) {
            if (a == Action.IGNORE || a == Action.UNREACHABLE) continue;
            b.append("* `").append(name(a)).append("`: ").append(a.does).append('\n');
        }
        return b.toString();
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
