package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pdsup.config.ServiceConfig;
import org.pdsup.daemon.supervisor.Transitions.Action;
import org.pdsup.daemon.supervisor.Transitions.Event;
import org.pdsup.daemon.supervisor.Transitions.Phase;
import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.SpawnException;

/**
 * Every phase × event pair, done by the machine on a fake host and a fake clock: the phase it ends in, and for
 * the no-ops of the table ({@code ignore}, {@code unreachable}) that nothing changed and nothing was announced.
 * The expected phases are written here independently of {@link Transitions}.
 */
class TransitionTableTest {
    private static FakeHost host;
    private static ServiceConfig config;

    /** Where each event leaves a service in each phase; columns in {@link Event} order. */
    private static final String EXPECTED = """
            STOPPED          : SPAWNING SPAWNING STOPPED STOPPED SPAWNING STOPPED RUNNING STOPPED STOPPED STOPPED STOPPED STOPPED STOPPED STOPPED STOPPED
            WAITING          : SPAWNING SPAWNING SPAWNING STOPPED SPAWNING STOPPED WAITING WAITING WAITING WAITING WAITING WAITING WAITING WAITING WAITING
            SPAWNING         : SPAWNING SPAWNING SPAWNING STOPPING_SPAWN RESTARTING_SPAWN SPAWNING SPAWNING STARTING BACKOFF SPAWNING SPAWNING SPAWNING SPAWNING SPAWNING SPAWNING
            LAUNCHING        : LAUNCHING LAUNCHING LAUNCHING STOPPING RESTARTING LAUNCHING LAUNCHING LAUNCHING LAUNCHING LAUNCHING LAUNCHING BACKOFF LAUNCHING LAUNCHING LAUNCHING
            STARTING         : STARTING STARTING STARTING STOPPING RESTARTING STARTING STARTING STARTING STARTING RUNNING FAILING BACKOFF STARTING STARTING STARTING
            RUNNING          : RUNNING RUNNING RUNNING STOPPING RESTARTING RUNNING RUNNING RUNNING RUNNING RUNNING RUNNING BACKOFF RUNNING RUNNING UNHEALTHY
            STOPPING         : RESTARTING RESTARTING STOPPING STOPPING RESTARTING STOPPING STOPPING STOPPING STOPPING STOPPING STOPPING STOPPED STOPPING STOPPING STOPPING
            STOPPING_SPAWN   : RESTARTING_SPAWN RESTARTING_SPAWN STOPPING_SPAWN STOPPING_SPAWN RESTARTING_SPAWN STOPPING_SPAWN STOPPING_SPAWN STOPPING STOPPED STOPPING_SPAWN STOPPING_SPAWN STOPPING_SPAWN STOPPING_SPAWN STOPPING_SPAWN STOPPING_SPAWN
            RESTARTING       : RESTARTING RESTARTING RESTARTING STOPPING RESTARTING STOPPING RESTARTING RESTARTING RESTARTING RESTARTING RESTARTING SPAWNING RESTARTING RESTARTING RESTARTING
            RESTARTING_SPAWN : RESTARTING_SPAWN RESTARTING_SPAWN RESTARTING_SPAWN STOPPING_SPAWN RESTARTING_SPAWN STOPPING_SPAWN RESTARTING_SPAWN RESTARTING SPAWNING RESTARTING_SPAWN RESTARTING_SPAWN RESTARTING_SPAWN RESTARTING_SPAWN RESTARTING_SPAWN RESTARTING_SPAWN
            FAILING          : RESTARTING RESTARTING FAILING STOPPING RESTARTING STOPPING FAILING FAILING FAILING FAILING FAILING BACKOFF FAILING FAILING FAILING
            UNHEALTHY        : RESTARTING RESTARTING UNHEALTHY STOPPING RESTARTING STOPPING UNHEALTHY UNHEALTHY UNHEALTHY UNHEALTHY UNHEALTHY BACKOFF UNHEALTHY UNHEALTHY UNHEALTHY
            BACKOFF          : SPAWNING BACKOFF BACKOFF STOPPED SPAWNING STOPPED BACKOFF BACKOFF BACKOFF BACKOFF BACKOFF BACKOFF SPAWNING BACKOFF BACKOFF
            EXITED           : SPAWNING SPAWNING EXITED STOPPED SPAWNING EXITED EXITED EXITED EXITED EXITED EXITED EXITED EXITED EXITED EXITED
            FATAL            : SPAWNING SPAWNING FATAL STOPPED SPAWNING STOPPED FATAL FATAL FATAL FATAL FATAL FATAL SPAWNING FATAL FATAL
            """;

    @BeforeAll
    static void setUp(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        config = FakeHost.service(tmp, "restart = on-failure,\n"
                + "  ready { mode = delay, delay = 1h }, backoff { initial = 1s, jitter = 0 },\n"
                + "  start-limit.cool-down = 1h");
        host = new FakeHost(tmp.resolve("log"));
    }

    @AfterAll
    static void tearDown() {
        host.close();
    }

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (String line : EXPECTED.strip().split("\n")) {
            String[] halves = line.split(":");
            Phase phase = Phase.valueOf(halves[0].strip());
            String[] next = halves[1].strip().split("\\s+");
            assertThat(next).as("one expected phase per event for %s", phase).hasSize(Event.values().length);
            for (Event e : Event.values()) out.add(Arguments.of(phase, e, Phase.valueOf(next[e.ordinal()])));
        }
        assertThat(out).as("every phase has a row").hasSize(Phase.values().length * Event.values().length);
        return out.stream();
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("pairs")
    void eachEventInEachPhase(Phase phase, Event event, Phase expected) throws Exception {
        Action action = Transitions.action(phase, event);
        Phase after = host.onLoop(() -> {
            host.transitions.clear();
            Service svc = inPhase(phase);
            fire(svc, event);
            return svc.phase;
        });
        assertThat(after).as("%s + %s (%s); announced %s", phase, event, action, host.transitions)
                .isEqualTo(expected);
        if (action == Action.IGNORE || action == Action.UNREACHABLE) {
            assertThat(host.transitions).as("a no-op announces nothing").isEmpty();
        }
    }

    /** A service put straight into {@code phase}, with what that phase has (a process, a spawn in flight). */
    private static Service inPhase(Phase phase) {
        Service svc = new Service(config);
        svc.phase = phase;
        switch (phase) {
            case LAUNCHING, STARTING, RUNNING, RESTARTING, FAILING, UNHEALTHY -> {
                svc.process = new FakeProcess(4242);
                svc.wanted = true;
            }
            case STOPPING -> svc.process = new FakeProcess(4242);
            case SPAWNING, RESTARTING_SPAWN -> {
                svc.spawning = new Object();
                svc.wanted = true;
            }
            case STOPPING_SPAWN -> svc.spawning = new Object();
            case WAITING, BACKOFF, FATAL -> svc.wanted = true;
            default -> { }
        }
        return svc;
    }

    private static void fire(Service svc, Event event) {
        ServiceMachine m = new ServiceMachine(host);
        Object token = svc.spawning != null ? svc.spawning : new Object();
        PreparedSpawn prepared = new PreparedSpawn(null, DirectOutput.inherit(), null);
        switch (event) {
            case START -> m.start(svc, true, null);
            case AUTOSTART -> m.start(svc, false, null);
            case REQUIREMENTS_MET -> m.requirementsMet(svc);
            case STOP -> m.stop(svc, "stopped by test", null);
            case RESTART -> m.restart(svc, null);
            case SHUTDOWN -> m.shutdown(svc);
            case ADOPT -> m.adopt(svc, new FakeProcess(4343));
            case SPAWNED -> m.landed(svc, token, new FakeProcess(4343), Duration.ofMillis(2), prepared);
            case SPAWN_FAILED -> m.spawnFailed(svc, token, new SpawnException("no such file", 2, "exec", false), Duration.ofMillis(2),
                    prepared);
            case READY -> m.readiness(svc, Event.READY, null);
            case NOT_READY -> m.readiness(svc, Event.NOT_READY, "not ready within 1s");
            case EXIT -> m.exited(svc, svc.process != null ? svc.process : new FakeProcess(4444),
                    ExitStatus.exited(1, null));
            case BACKOFF_ELAPSED -> m.backoffElapsed(svc);
            case STOP_TIMEOUT -> m.stopTimedOut(svc);
            case UNHEALTHY -> m.unhealthy(svc, "tcp 127.0.0.1:1: connection refused");
        }
    }
}
