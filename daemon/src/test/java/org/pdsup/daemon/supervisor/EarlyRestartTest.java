package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.config.ServiceConfig;
import org.pdsup.daemon.supervisor.Transitions.Phase;
import org.pdsup.procdesc.ExitStatus;

/**
 * A restart without delay (backoff initial = 0) hands the spawn over before the end of the run is announced
 * ({@link Restarts#scheduleRestart}, {@link Spawning#handOverEarly}); the events keep their order, backoff then
 * spawning. Whatever would keep the spawn from starting sends it the ordinary way; a stop that reacts to the
 * announcement gives the early spawn up. On {@link FakeHost}'s fake clock and spawns.
 */
class EarlyRestartTest {
    @TempDir
    Path tmp;
    private FakeHost host;
    private ServiceMachine machine;

    @BeforeEach
    void setUp() {
        host = new FakeHost(tmp.resolve("log"));
        machine = new ServiceMachine(host);
    }

    @AfterEach
    void tearDown() {
        host.close();
    }

    private Service service(String settings) throws Exception {
        ServiceConfig cfg = FakeHost.service(tmp, "restart = always, start-limit { burst = 100 }, " + settings);
        return new Service(cfg);
    }

    private FakeProcess land(Service svc, int pid) {
        FakeProcess pd = new FakeProcess(pid);
        host.spawns.remove(0).spawned(pd, Duration.ofMillis(1));
        return pd;
    }

    /** What happened after the exit: hand-overs and transitions, from the first one the exit caused. */
    private List<String> afterExit(int mark) {
        return List.copyOf(host.order.subList(mark, host.order.size()));
    }

    @Test
    void withNoDelayTheSpawnIsHandedOverBeforeTheEndIsAnnounced() throws Exception {
        Service svc = service("backoff { initial = 0ms }");
        host.onLoop(() -> {
            machine.start(svc, true, null);
            FakeProcess pd = land(svc, 1001);
            int mark = host.order.size();
            machine.exited(svc, pd, ExitStatus.signaled(9, org.pdsup.procdesc.Signal.KILL, false, null));
            assertThat(afterExit(mark)).hasSize(3);
            assertThat(afterExit(mark).get(0)).isEqualTo("spawn");
            assertThat(afterExit(mark).get(1)).startsWith("running -> backoff: failed: ").endsWith("; restart in 0.0ms");
            assertThat(afterExit(mark).get(2)).isEqualTo("backoff -> starting: restart #1");
            assertThat(svc.phase).isEqualTo(Phase.SPAWNING);
            assertThat(host.timers).as("no backoff timer").isEmpty();
            assertThat(svc.restarts).isEqualTo(1);
            land(svc, 1002);
            assertThat(svc.phase).isEqualTo(Phase.RUNNING);
            return null;
        });
    }

    @Test
    void withADelayTheTimerComesFirstAsBefore() throws Exception {
        Service svc = service("backoff { initial = 10ms, jitter = 0 }");
        host.onLoop(() -> {
            machine.start(svc, true, null);
            FakeProcess pd = land(svc, 1001);
            int mark = host.order.size();
            machine.exited(svc, pd, ExitStatus.exited(1, null));
            assertThat(afterExit(mark)).hasSize(1);
            assertThat(afterExit(mark).get(0)).endsWith("; restart in 10ms");
            assertThat(host.spawns).isEmpty();
            host.advance(Duration.ofMillis(10));
            host.fireDue();
            assertThat(afterExit(mark)).hasSize(3);
            assertThat(afterExit(mark).get(1)).isEqualTo("spawn");
            return null;
        });
    }

    @Test
    void unmetRequirementsGoTheOrdinaryWayToWaiting() throws Exception {
        Service svc = service("backoff { initial = 0ms }");
        host.onLoop(() -> {
            machine.start(svc, true, null);
            FakeProcess pd = land(svc, 1001);
            host.unmet = List.of("db");
            machine.exited(svc, pd, ExitStatus.exited(1, null));
            assertThat(host.spawns).as("nothing handed over early").isEmpty();
            assertThat(svc.phase).isEqualTo(Phase.BACKOFF);
            host.fireDue();
            assertThat(svc.phase).isEqualTo(Phase.WAITING);
            assertThat(host.spawns).isEmpty();
            return null;
        });
    }

    @Test
    void theStartLimitGoesTheOrdinaryWayToFatal() throws Exception {
        Service svc = new Service(FakeHost.service(tmp, "restart = always, backoff { initial = 0ms }, "
                + "start-limit { burst = 2, interval = 60s }"));
        host.onLoop(() -> {
            machine.start(svc, false, null);
            machine.exited(svc, land(svc, 1001), ExitStatus.exited(1, null));
            assertThat(svc.phase).as("the second start is within the limit").isEqualTo(Phase.SPAWNING);
            machine.exited(svc, land(svc, 1002), ExitStatus.exited(1, null));
            assertThat(host.spawns).as("the third start is refused: nothing handed over").isEmpty();
            assertThat(svc.phase).isEqualTo(Phase.BACKOFF);
            host.fireDue();
            assertThat(svc.phase).isEqualTo(Phase.FATAL);
            assertThat(svc.lastError).isEqualTo("start limit reached: more than 2 starts within 60s");
            return null;
        });
    }

    @Test
    void aStopThatReactsToTheAnnouncementGivesTheEarlySpawnUp() throws Exception {
        Service svc = service("backoff { initial = 0ms }");
        host.onLoop(() -> {
            machine.start(svc, true, null);
            FakeProcess pd = land(svc, 1001);
            host.onSettled = s -> {
                if (s.phase == Phase.BACKOFF) machine.stop(s, "stopped by test", null);
            };
            machine.exited(svc, pd, ExitStatus.exited(1, null));
            host.onSettled = s -> { };
            assertThat(svc.phase).isEqualTo(Phase.STOPPED);
            assertThat(host.spawns).as("the spawn was handed over early").hasSize(1);
            assertThat(svc.spawning).as("and given up on").isNull();
            FakeProcess late = land(svc, 1002);
            assertThat(late.closed).as("its landing closes the process").isTrue();
            assertThat(svc.process).isNull();
            assertThat(svc.phase).isEqualTo(Phase.STOPPED);
            host.fireDue();
            assertThat(svc.phase).isEqualTo(Phase.STOPPED);
            assertThat(host.spawns).isEmpty();
            return null;
        });
    }
}
