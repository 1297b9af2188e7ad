package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.config.ServiceConfig;
import org.pdsup.daemon.supervisor.Transitions.Phase;
import org.pdsup.procdesc.ExitStatus;

/**
 * {@code start-limit.cool-down} on a fake clock: the retry comes when the cool-down is over and not a
 * millisecond before, with a fresh start-limit window; an operator stop or start cancels it; without the key a
 * fatal service arms nothing.
 */
class CoolDownClockTest {
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

    private ServiceConfig service(String settings) throws Exception {
        return FakeHost.service(tmp, "restart = always, backoff { initial = 10ms, jitter = 0 }," + " " + settings);
    }

    /** Starts {@code svc} and lets it crash until its start limit of {@code burst} makes it fatal. */
    private void crashUntilFatal(Service svc, int burst) {
        machine.start(svc, false, null);
        for (int i = 0; i < burst; i++) {
            FakeProcess pd = new FakeProcess(2000 + i);
            host.spawns.remove(0).spawned(pd, Duration.ofMillis(1));
            machine.exited(svc, pd, ExitStatus.exited(1, null));
            host.advance(Duration.ofSeconds(1));
            host.fireDue();
        }
        assertThat(svc.phase).isEqualTo(Phase.FATAL);
    }

    private long liveTimers() {
        return host.timers.stream().filter(t -> !t.cancelled).count();
    }

    @Test
    void theRetryComesWhenTheCoolDownIsOverWithAFreshWindow() throws Exception {
        Service svc = new Service(service("start-limit { burst = 2, interval = 1h, cool-down = 2s }"));
        host.onLoop(() -> {
            crashUntilFatal(svc, 2);
            assertThat(svc.reason).isEqualTo("start limit reached: more than 2 starts within 3600s; trying again after"
                    + " the cool-down of 2s (or pdctl start svc)");
            host.advance(Duration.ofMillis(1999));
            host.fireDue();
            assertThat(svc.phase).as("1 ms before the cool-down is over").isEqualTo(Phase.FATAL);
            host.advance(Duration.ofMillis(1));
            host.fireDue();
            assertThat(svc.phase).isEqualTo(Phase.SPAWNING);
            assertThat(host.transitions.get(host.transitions.size() - 1))
                    .isEqualTo("fatal -> starting: cool-down of 2s over: trying again");
            // a fresh window, still within the interval of the old starts: two more starts, then fatal again
            host.spawns.remove(0).spawned(new FakeProcess(3000), Duration.ofMillis(1));
            machine.exited(svc, (FakeProcess) svc.process, ExitStatus.exited(1, null));
            host.advance(Duration.ofSeconds(1));
            host.fireDue();
            assertThat(svc.phase).isEqualTo(Phase.SPAWNING);
            host.spawns.remove(0).spawned(new FakeProcess(3001), Duration.ofMillis(1));
            machine.exited(svc, (FakeProcess) svc.process, ExitStatus.exited(1, null));
            host.advance(Duration.ofSeconds(1));
            host.fireDue();
            assertThat(svc.phase).isEqualTo(Phase.FATAL);
            assertThat(liveTimers()).as("the next cool-down").isEqualTo(1);
            return null;
        });
    }

    @Test
    void anOperatorStopOrStartCancelsTheCoolDown() throws Exception {
        Service svc = new Service(service("start-limit { burst = 1, interval = 1h, cool-down = 5s }"));
        host.onLoop(() -> {
            crashUntilFatal(svc, 1);
            assertThat(liveTimers()).isEqualTo(1);
            machine.stop(svc, "stopped by operator", null);
            assertThat(svc.phase).isEqualTo(Phase.STOPPED);
            assertThat(liveTimers()).isZero();
            host.advance(Duration.ofHours(1));
            host.fireDue();
            assertThat(svc.phase).isEqualTo(Phase.STOPPED);

            crashUntilFatal(svc, 1);
            assertThat(liveTimers()).isEqualTo(1);
            machine.start(svc, true, null);
            assertThat(svc.phase).isEqualTo(Phase.SPAWNING);
            assertThat(liveTimers()).as("the operator's start cancelled the cool-down").isZero();
            assertThat(host.transitions.get(host.transitions.size() - 1)).endsWith(": started by operator");
            return null;
        });
    }

    @Test
    void withoutACoolDownFatalArmsNothing() throws Exception {
        Service svc = new Service(service("start-limit { burst = 1, interval = 1h }"));
        host.onLoop(() -> {
            crashUntilFatal(svc, 1);
            assertThat(svc.reason).endsWith("; start it again with pdctl start svc");
            assertThat(liveTimers()).isZero();
            machine.backoffElapsed(svc); // the table's cell, reached anyway: nothing happens
            assertThat(svc.phase).isEqualTo(Phase.FATAL);
            return null;
        });
    }

    /**
     * A restart delay of zero is a timer too, cancelled by whatever leaves backoff: an operator start that hits
     * the start limit must not be followed by the stale restart, which in fatal would end the cool-down at once
     * (with {@code host.loop().post}, as before, it ran after this step and respawned).
     */
    @Test
    void aZeroRestartDelayLeftBehindDoesNotEndTheCoolDown() throws Exception {
        Service svc = new Service(service("backoff { initial = 0 }, start-limit { burst = 1, interval = 1h,"
                + " cool-down = 1h }"));
        host.onLoop(() -> {
            machine.start(svc, false, null);
            FakeProcess pd = new FakeProcess(4000);
            host.spawns.remove(0).spawned(pd, Duration.ofMillis(1));
            machine.exited(svc, pd, ExitStatus.exited(1, null));
            assertThat(svc.phase).isEqualTo(Phase.BACKOFF);
            machine.start(svc, true, null); // spawn-now: the start limit is still full
            assertThat(svc.phase).isEqualTo(Phase.FATAL);
            return null;
        });
        Phase later = host.onLoop(() -> {
            host.fireDue();
            return svc.phase;
        });
        assertThat(later).as("an hour's cool-down has not passed").isEqualTo(Phase.FATAL);
        assertThat(host.spawns).isEmpty();
    }
}
