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
 * The machine's timers on a fake clock: when a restart comes after an exit (backoff), when the start limit makes
 * a service fatal, when SIGKILL follows the stop signal. No process runs and no wall-clock time is measured.
 */
class MachineClockTest {
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
        return FakeHost.service(tmp, settings);
    }

    /** Lands the spawn in flight with a fresh process (ready at once: ready.mode = started). */
    private FakeProcess land(Service svc) {
        FakeProcess pd = new FakeProcess(1000 + svc.exitKinds());
        Spawner.Landing landing = host.spawns.remove(0);
        landing.spawned(pd, Duration.ofMillis(1));
        return pd;
    }

    @Test
    void backoffDelaysGrowAndTheRestartComesWhenTheDelayIsOver() throws Exception {
        Service svc = new Service(service("restart = always, backoff { initial = 100ms, multiplier = 2.0, "
                + "max = 10s, jitter = 0, reset-after = 60s }, start-limit { burst = 100 }"));
        host.onLoop(() -> {
            machine.start(svc, true, null);
            for (long delay : new long[] {100, 200, 400, 800}) {
                FakeProcess pd = land(svc);
                assertThat(svc.phase).isEqualTo(Phase.RUNNING);
                host.advance(Duration.ofMillis(5));
                machine.exited(svc, pd, ExitStatus.exited(1, null));
                assertThat(svc.phase).isEqualTo(Phase.BACKOFF);
                assertThat(svc.reason).endsWith("; restart in " + delay + "ms");
                host.advance(Duration.ofMillis(delay - 1));
                host.fireDue();
                assertThat(svc.phase).as("1 ms before the %d ms delay is over", delay).isEqualTo(Phase.BACKOFF);
                host.advance(Duration.ofMillis(1));
                host.fireDue();
                assertThat(svc.phase).isEqualTo(Phase.SPAWNING);
            }
            assertThat(svc.restarts).isEqualTo(4);
            return null;
        });
    }

    @Test
    void aRunAsLongAsResetAfterBringsTheDelayBackToInitial() throws Exception {
        Service svc = new Service(service("restart = always, backoff { initial = 100ms, multiplier = 4.0, "
                + "max = 10s, jitter = 0, reset-after = 300ms }, start-limit { burst = 100 }"));
        host.onLoop(() -> {
            machine.start(svc, true, null);
            for (int i = 0; i < 3; i++) {
                FakeProcess pd = land(svc);
                host.advance(Duration.ofMillis(300));
                machine.exited(svc, pd, ExitStatus.exited(1, null));
                assertThat(svc.reason).endsWith("; restart in 100ms");
                host.advance(Duration.ofMillis(100));
                host.fireDue();
            }
            return null;
        });
    }

    @Test
    void theStartLimitMakesItFatalUntilTheIntervalHasPassedOrAnOperatorStartsIt() throws Exception {
        Service svc = new Service(service("restart = always, backoff { initial = 10ms, jitter = 0 }, "
                + "start-limit { burst = 3, interval = 60s }"));
        host.onLoop(() -> {
            machine.start(svc, false, null);
            for (int i = 0; i < 3; i++) {
                FakeProcess pd = land(svc);
                machine.exited(svc, pd, ExitStatus.exited(1, null));
                host.advance(Duration.ofSeconds(10)); // past any delay, well within the interval
                host.fireDue();
            }
            assertThat(svc.phase).isEqualTo(Phase.FATAL);
            assertThat(svc.lastError).isEqualTo("start limit reached: more than 3 starts within 60s");
            assertThat(host.spawns).isEmpty();
            host.advance(Duration.ofSeconds(60));
            machine.start(svc, false, null);
            assertThat(svc.phase).as("the first start has left the window").isEqualTo(Phase.SPAWNING);
            land(svc).close();
            machine.stop(svc, "stopped by test", null);
            machine.exited(svc, (FakeProcess) svc.process, ExitStatus.exited(0, null));
            for (int i = 0; i < 3; i++) {
                machine.start(svc, true, null);
                assertThat(svc.phase).as("an operator start clears the history").isEqualTo(Phase.SPAWNING);
                FakeProcess pd = land(svc);
                machine.stop(svc, "stopped by test", null);
                machine.exited(svc, pd, ExitStatus.exited(0, null));
            }
            return null;
        });
    }

    @Test
    void sigkillFollowsTheStopSignalAfterStopTimeout() throws Exception {
        Service svc = new Service(service("stop { signal = TERM, timeout = 5s }"));
        host.onLoop(() -> {
            machine.start(svc, true, null);
            FakeProcess pd = land(svc);
            machine.stop(svc, "stopped by test", null);
            assertThat(pd.signals).hasSize(1);
            host.advance(Duration.ofMillis(4999));
            host.fireDue();
            assertThat(pd.signals).as("before stop.timeout").hasSize(1);
            host.advance(Duration.ofMillis(1));
            host.fireDue();
            assertThat(pd.signals.get(1)).hasToString("KILL");
            assertThat(svc.reason).isEqualTo("did not stop within 5s: SIGKILL");
            assertThat(svc.phase).isEqualTo(Phase.STOPPING);
            machine.exited(svc, pd, ExitStatus.exited(0, null));
            assertThat(svc.phase).isEqualTo(Phase.STOPPED);
            return null;
        });
    }

    @Test
    void aTransitionOffTheSupervisorThreadIsRefused() throws Exception {
        Service svc = new Service(service("restart = always"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> machine.start(svc, true, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not on the supervisor thread");
        assertThat(svc.phase).isEqualTo(Phase.STOPPED);
        assertThat(host.spawns).isEmpty();
    }
}
