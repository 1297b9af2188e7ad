package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What status says is so: no stale error after a successful start, a since for every state, a reload's restart
 * names the changed keys, an operator's stop or restart is not a crash.
 */
class StatusTruthTest {
    private static final Duration LONG = Duration.ofSeconds(90); // generous: a spawn took 20 s on a loaded machine

    @TempDir
    Path tmp;

    @Test
    void aSuccessfulStartClearsTheStaleError() throws Exception {
        Path ok = tmp.resolve("ok");
        try (var h = new SupervisorHarness(tmp, """
                flaky { command = ["/bin/sh", "-c", "[ -e %s ] && exec sleep 60; exit 1"],
                        start-limit { burst = 1, interval = 1h }, backoff { initial = 0 } }
                """.formatted(ok))) {
            ServiceSnapshot fatal = h.await("flaky", ServiceState.FATAL, LONG);
            assertThat(fatal.lastError()).startsWith("start limit reached");
            Files.createFile(ok);
            ServiceSnapshot started = h.supervisor.start(List.of("flaky")).get(90, TimeUnit.SECONDS).get(0);
            assertThat(started.state()).isEqualTo(ServiceState.RUNNING);
            assertThat(started.lastError()).as("the start limit is no longer the state").isNull();
            assertThat(h.status("flaky").lastError()).isNull();
        }
    }

    @Test
    void aOneshotThatCompletesClearsTheStaleErrorToo() throws Exception {
        Path ok = tmp.resolve("ok");
        try (var h = new SupervisorHarness(tmp, """
                setup { type = oneshot, command = ["/bin/sh", "-c", "[ -e %s ]"],
                        start-limit { burst = 1, interval = 1h }, backoff { initial = 0 } }
                """.formatted(ok))) {
            assertThat(h.await("setup", ServiceState.FATAL, LONG).lastError()).startsWith("start limit reached");
            Files.createFile(ok);
            ServiceSnapshot done = h.supervisor.start(List.of("setup")).get(90, TimeUnit.SECONDS).get(0);
            assertThat(done.state()).isEqualTo(ServiceState.EXITED);
            assertThat(done.lastError()).isNull();
        }
    }

    @Test
    void everyStateHasASinceThatMovesWithIt() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                once  { command = ["/bin/sh", "-c", "exit 0"], restart = never }
                dying { command = ["/bin/sh", "-c", "exit 1"], start-limit { burst = 1, interval = 1h },
                        backoff { initial = 0 } }
                idle  { command = ["/bin/sleep", "60"], autostart = false }
                """)) {
            ServiceSnapshot exited = h.await("once", ServiceState.EXITED, LONG);
            ServiceSnapshot fatal = h.await("dying", ServiceState.FATAL, LONG);
            ServiceSnapshot idle = h.status("idle");
            assertThat(idle.since()).as("stopped since it was configured").isNotNull();
            assertEnteredWith(exited.since(), h.eventsOf("once"), ServiceState.EXITED);
            assertEnteredWith(fatal.since(), h.eventsOf("dying"), ServiceState.FATAL);
            h.supervisor.start(List.of("idle")).get(90, TimeUnit.SECONDS);
            ServiceSnapshot stopped = h.supervisor.stop(List.of("idle")).get(90, TimeUnit.SECONDS).get(0);
            assertEnteredWith(stopped.since(), h.eventsOf("idle"), ServiceState.STOPPED);
            assertThat(stopped.since()).isAfter(idle.since());
        }
    }

    /** {@code since} is when the last transition into {@code state} was made: after the event before it. */
    private static void assertEnteredWith(java.time.Instant since, List<SupervisorEvent> events, ServiceState state) {
        int last = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).to() == state) last = i;
        }
        assertThat(last).as("a transition into %s", state).isGreaterThan(0);
        assertThat(since).isAfterOrEqualTo(events.get(last - 1).time()).isBeforeOrEqualTo(events.get(last).time());
    }

    @Test
    void aRestartByReloadNamesTheChangedKeys() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                web { command = ["/bin/sleep", "601"], environment { A = "1" } }
                """)) {
            int before = h.await("web", ServiceState.RUNNING, LONG).pid();
            long mark = DependencyCouplingTest.lastSeq(h);
            h.writeConfig("""
                    web { command = ["/bin/sleep", "602"], environment { A = "2" }, umask = "027",
                          output { max-size = 2MiB }, restart = never }
                    """);
            assertThat(h.supervisor.reload().get(90, TimeUnit.SECONDS).restarted()).containsExactly("web");
            long deadline = System.nanoTime() + LONG.toNanos();
            while (DependencyCouplingTest.after(h, "web", ServiceState.RUNNING, mark).isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String changed = "configuration changed: command, environment, umask, output.max-size";
            assertThat(DependencyCouplingTest.after(h, "web", ServiceState.STOPPING, mark)).singleElement()
                    .satisfies(e -> assertThat(e.reason()).startsWith(changed + " (SIGTERM"));
            assertThat(DependencyCouplingTest.after(h, "web", ServiceState.STARTING, mark).get(0).reason())
                    .isEqualTo(changed);
            assertThat(h.eventsOf("web")).noneSatisfy(e -> assertThat(e.reason()).contains("operator"));
            assertThat(h.status("web").pid()).isNotEqualTo(before);
            assertThat(h.status("web").exits()).as("not a crash").containsOnlyKeys("stopped:signal:TERM");
        }
    }

    @Test
    void anOperatorsStopAndRestartAreNotCrashes() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                web { command = ["/bin/sleep", "60"] }
                """)) {
            h.await("web", ServiceState.RUNNING, LONG);
            h.supervisor.restart(List.of("web")).get(90, TimeUnit.SECONDS);
            h.await("web", ServiceState.RUNNING, LONG);
            ServiceSnapshot s = h.supervisor.stop(List.of("web")).get(90, TimeUnit.SECONDS).get(0);
            assertThat(s.exits()).containsExactly(java.util.Map.entry("stopped:signal:TERM", 2L));
            assertThat(s.restarts()).as("operator restarts are not counted").isZero();
            assertThat(s.lastExit().requested()).as("last_exit says it was asked for").isTrue();
        }
    }

    @Test
    void aCrashIsNotARequestedEnd() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                web { command = ["/bin/sleep", "60"], backoff { initial = 1h, max = 1h } }
                """)) {
            int pid = h.await("web", ServiceState.RUNNING, LONG).pid();
            new ProcessBuilder("kill", "-TERM", Integer.toString(pid)).start().waitFor();
            ServiceSnapshot s = h.await("web", ServiceState.BACKOFF, LONG);
            assertThat(s.lastExit().requested()).isFalse();
            assertThat(s.exits()).containsOnlyKeys("signal:TERM");
        }
    }
}
