package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart policies, success exit codes, oneshot, start limit and backoff, with real processes. */
class RestartPolicyTest {
    @TempDir
    Path tmp;

    @Test
    void alwaysRestartsACrashingServiceAndRecordsTheExit() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                crasher { command = ["/bin/sh", "-c", "exit 3"], restart = always,
                          backoff { initial = 50ms, jitter = 0 }, start-limit { burst = 100 } }
                """)) {
            h.awaitEvents("crasher", ServiceState.BACKOFF, 3, Duration.ofSeconds(20));
            SupervisorEvent first = h.eventsTo("crasher", ServiceState.BACKOFF).get(0);
            assertThat(first.exit()).isNotNull();
            assertThat(first.exit().exit()).isEqualTo("exit 3");
            assertThat(first.exit().code()).isEqualTo(3);
            assertThat(first.reason()).startsWith("failed: exit 3; restart in");
            assertThat(h.status("crasher").restarts()).isGreaterThanOrEqualTo(2);
            assertThat(h.status("crasher").exits()).containsKey("exit:3");
        }
    }

    @Test
    void neverLeavesTheServiceExited() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                once { command = ["/bin/sh", "-c", "exit 1"], restart = never }
                """)) {
            ServiceSnapshot s = h.await("once", ServiceState.EXITED, Duration.ofSeconds(10));
            assertThat(s.lastExit().code()).isEqualTo(1);
            assertThat(s.restarts()).isZero();
        }
    }

    @Test
    void onFailureRestartsOnlyFailures() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                good { command = ["/bin/sh", "-c", "exit 0"], restart = on-failure }
                custom { command = ["/bin/sh", "-c", "exit 7"], restart = on-failure, success-exit-codes = [0, 7] }
                bad { command = ["/bin/sh", "-c", "exit 2"], restart = on-failure, backoff { initial = 50ms } }
                killed { command = ["/bin/sh", "-c", "kill -SEGV $$"], restart = on-failure, backoff { initial = 50ms } }
                """)) {
            h.await("good", ServiceState.EXITED, Duration.ofSeconds(10));
            h.await("custom", ServiceState.EXITED, Duration.ofSeconds(10));
            h.awaitEvents("bad", ServiceState.BACKOFF, 2, Duration.ofSeconds(10));
            List<SupervisorEvent> k = h.awaitEvents("killed", ServiceState.BACKOFF, 1, Duration.ofSeconds(10));
            assertThat(k.get(0).exit().signal()).isEqualTo("SEGV");
            assertThat(k.get(0).reason()).startsWith("failed: signal SEGV");
        }
    }

    @Test
    void oneshotSucceedsByExitCodeAndDependentsThenStart() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                setup { command = ["/bin/sh", "-c", "sleep 0.2; exit 0"], type = oneshot, restart = on-failure }
                app { command = ["/bin/sleep", "60"], requires = [setup] }
                broken { command = ["/bin/sh", "-c", "exit 4"], type = oneshot, restart = on-failure,
                         backoff { initial = 50ms }, start-limit { burst = 2, interval = 60s } }
                """)) {
            ServiceSnapshot setup = h.await("setup", ServiceState.EXITED, Duration.ofSeconds(10));
            assertThat(setup.lastExit().code()).isZero();
            h.await("app", ServiceState.RUNNING, Duration.ofSeconds(10));
            SupervisorEvent appStart = h.eventsTo("app", ServiceState.STARTING).stream()
                    .filter(e -> e.pid() > 0).findFirst().orElseThrow();
            SupervisorEvent setupDone = h.eventsTo("setup", ServiceState.EXITED).get(0);
            assertThat(appStart.seq()).isGreaterThan(setupDone.seq());
            h.await("broken", ServiceState.FATAL, Duration.ofSeconds(10));
        }
    }

    @Test
    void startLimitEndsInFatalUntilAnOperatorStartsItAgain() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                flappy { command = ["/bin/sh", "-c", "exit 1"], backoff { initial = 10ms, jitter = 0 },
                         start-limit { burst = 3, interval = 60s } }
                """)) {
            ServiceSnapshot s = h.await("flappy", ServiceState.FATAL, Duration.ofSeconds(10));
            assertThat(s.lastError()).contains("start limit reached: more than 3 starts within 60s");
            assertThat(h.eventsTo("flappy", ServiceState.STARTING).stream().filter(e -> e.pid() > 0)).hasSize(3);
            var after = h.supervisor.start(List.of("flappy")).get();
            assertThat(after.get(0).state()).isIn(ServiceState.STARTING, ServiceState.RUNNING,
                    ServiceState.BACKOFF);
            h.awaitEvents("flappy", ServiceState.FATAL, 2, Duration.ofSeconds(10));
            assertThat(h.eventsTo("flappy", ServiceState.STARTING).stream().filter(e -> e.pid() > 0)).hasSize(6);
        }
    }

    @Test
    void backoffGrowsExponentiallyAndResetsAfterAHealthyRun() throws Exception {
        // The wiring with real processes: the delays announced and never undercut. When exactly each restart
        // comes is MachineClockTest's, on a fake clock: an upper bound here would fail on a loaded host.
        try (var h = new SupervisorHarness(tmp, """
                grows { command = ["/bin/sh", "-c", "exit 1"],
                        backoff { initial = 100ms, multiplier = 2.0, max = 10s, jitter = 0, reset-after = 60s },
                        start-limit { burst = 100 } }
                healthy { command = ["/bin/sh", "-c", "sleep 0.4; exit 1"],
                        backoff { initial = 100ms, multiplier = 4.0, max = 10s, jitter = 0, reset-after = 300ms },
                        start-limit { burst = 100 } }
                """)) {
            List<Long> gaps = gaps(h, "grows", 5);
            assertThat(announced(h, "grows", 4)).containsExactly("100ms", "200ms", "400ms", "800ms");
            assertThat(gaps.get(0)).isGreaterThanOrEqualTo(100L);
            assertThat(gaps.get(1)).isGreaterThanOrEqualTo(200L);
            assertThat(gaps.get(2)).isGreaterThanOrEqualTo(400L);
            assertThat(gaps.get(3)).isGreaterThanOrEqualTo(800L);
            // every run of "healthy" lasts 0.4 s >= reset-after, so the delay never grows past initial
            List<Long> healthy = gaps(h, "healthy", 4);
            assertThat(announced(h, "healthy", 4)).containsOnly("100ms");
            assertThat(healthy).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(100L));
        }
    }

    /** The delays announced by the first {@code n} transitions to backoff ("...; restart in 200ms"). */
    private static List<String> announced(SupervisorHarness h, String name, int n) {
        return h.eventsTo(name, ServiceState.BACKOFF).stream().limit(n)
                .map(e -> e.reason().substring(e.reason().lastIndexOf("restart in ") + "restart in ".length()))
                .toList();
    }

    /** Milliseconds from each exit (backoff event) to the next spawn (starting event with a pid). */
    private static List<Long> gaps(SupervisorHarness h, String name, int n) throws InterruptedException {
        h.awaitEvents(name, ServiceState.BACKOFF, n, Duration.ofSeconds(30));
        List<SupervisorEvent> ev = h.eventsOf(name);
        List<Long> out = new java.util.ArrayList<>();
        for (int i = 0; i < ev.size() && out.size() < n - 1; i++) {
            if (ev.get(i).to() != ServiceState.BACKOFF) continue;
            for (int j = i + 1; j < ev.size(); j++) {
                if (ev.get(j).to() == ServiceState.STARTING && ev.get(j).pid() > 0) {
                    out.add(Duration.between(ev.get(i).time(), ev.get(j).time()).toMillis());
                    break;
                }
            }
        }
        return out;
    }
}
