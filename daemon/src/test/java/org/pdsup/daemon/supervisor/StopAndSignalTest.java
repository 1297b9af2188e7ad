package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.daemon.control.ControlException;
import org.pdsup.daemon.control.SupervisorBackend;

/** The stop sequence, process groups, signals through the descriptor, operator restart. */
class StopAndSignalTest {
    @TempDir
    Path tmp;

    @Test
    void aChildIgnoringTheStopSignalIsKilledAfterTheTimeout() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                stubborn { command = ["/bin/sh", "-c", "trap '' TERM; echo >&3; exec 3>&-; while :; do sleep 0.05; done"],
                           ready { mode = notify-fd, fd = 3 }, stop { signal = TERM, timeout = 500ms } }
                """)) {
            // running = ready = the shell wrote to fd 3, after installing its trap
            int pid = h.await("stubborn", ServiceState.RUNNING, Duration.ofSeconds(10)).pid();
            ServiceSnapshot s = h.supervisor.stop(List.of("stubborn")).get().get(0);
            assertThat(s.state()).isEqualTo(ServiceState.STOPPED);
            assertThat(s.lastExit().signal()).isEqualTo("KILL");
            assertThat(SupervisorHarness.alive(pid)).isFalse();
            assertThat(h.eventsOf("stubborn")).anySatisfy(e -> assertThat(e.reason()).contains("SIGKILL"));
        }
    }

    @Test
    void stoppingAServiceWithoutAProcessAnswersAtOnce() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                crasher { command = ["/bin/sh", "-c", "exit 3"], backoff { initial = 30s } }
                """)) {
            h.await("crasher", ServiceState.BACKOFF, Duration.ofSeconds(10));
            ServiceSnapshot s = h.supervisor.stop(List.of("crasher")).get(5, java.util.concurrent.TimeUnit.SECONDS)
                    .get(0);
            assertThat(s.state()).isEqualTo(ServiceState.STOPPED);
            assertThat(s.lastExit().code()).isEqualTo(3);
        }
    }

    @Test
    void shutdownTimeoutBoundsAGracefulStop() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                deaf { command = ["/bin/sh", "-c", "trap '' TERM; echo >&3; exec 3>&-; while :; do sleep 0.05; done"],
                       ready { mode = notify-fd, fd = 3 }, stop { timeout = 1h } }
                """, true, "shutdown-timeout = 500ms")) {
            int pid = h.await("deaf", ServiceState.RUNNING, Duration.ofSeconds(10)).pid();
            h.shutdown();
            assertThat(SupervisorHarness.awaitGone(pid, Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void groupModeLeavesNoGrandchildBehind() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                family { command = ["/bin/sh", "-c", "/bin/sleep 1000 & /bin/sleep 1000 & wait"],
                         stop { mode = group, timeout = 5s } }
                """)) {
            int pid = h.await("family", ServiceState.RUNNING, Duration.ofSeconds(10)).pid();
            List<Integer> group = awaitGroupMembers(pid, 3);
            h.supervisor.stop(List.of("family")).get();
            for (int member : group) {
                assertThat(SupervisorHarness.awaitGone(member, Duration.ofSeconds(5)))
                        .as("process %d of group %d", member, pid).isTrue();
            }
        }
    }

    @Test
    void processModeSignalsTheServiceItselfThenEndsWhatItLeft() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                parent { command = ["/bin/sh", "-c", "/bin/sleep 1000 & wait"], stop { mode = process } }
                """)) {
            int pid = h.await("parent", ServiceState.RUNNING, Duration.ofSeconds(10)).pid();
            List<Integer> group = awaitGroupMembers(pid, 2);
            int child = group.stream().filter(p -> p != pid).findFirst().orElseThrow();
            h.supervisor.stop(List.of("parent")).get();
            // the stop signalled the service process only; once it has exited, what it left of its session is
            // ended too (RunLeftovers): TERM, then KILL after the grace period
            assertThat(SupervisorHarness.awaitGone(child, LeftoverCleanup.GRACE.multipliedBy(3)))
                    .as("grandchild of a process-mode stop, after the service exited").isTrue();
        }
    }

    @Test
    void aRestartLeavesNoSecondSessionBehind() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                worker { command = ["/bin/sh", "-c", "/bin/sleep 1000 & exec /bin/sleep 1000"] }
                """)) {
            int first = h.await("worker", ServiceState.RUNNING, Duration.ofSeconds(10)).pid();
            int child = awaitGroupMembers(first, 2).stream().filter(p -> p != first).findFirst().orElseThrow();
            h.supervisor.restart(List.of("worker")).get();
            assertThat(SupervisorHarness.awaitGone(child, LeftoverCleanup.GRACE.multipliedBy(3)))
                    .as("the first run's background child").isTrue();
            int second = h.status("worker").pid();
            assertThat(second).isNotEqualTo(first);
            assertThat(awaitGroupMembers(second, 2)).hasSize(2);
        }
    }

    @Test
    void signalGoesThroughTheDescriptorAndRestartGivesANewProcess() throws Exception {
        Path marker = tmp.resolve("hup");
        try (var h = new SupervisorHarness(tmp, """
                hup { command = ["/bin/sh", "-c", "trap 'echo got >> %s' HUP; echo >&3; exec 3>&-; while :; do sleep 0.05; done"],
                      ready { mode = notify-fd, fd = 3 } }
                """.formatted(marker))) {
            int pid = h.await("hup", ServiceState.RUNNING, Duration.ofSeconds(10)).pid();
            SupervisorBackend backend = new SupervisorBackend(h.supervisor);
            backend.signal("hup", "HUP").get();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!Files.exists(marker) && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(marker).exists();
            ServiceSnapshot after = h.supervisor.restart(List.of("hup")).get().get(0);
            assertThat(after.pid()).isNotEqualTo(pid).isPositive();
            assertThat(SupervisorHarness.alive(pid)).isFalse();
            assertThat(after.restarts()).isZero();
            assertThatThrownBy(() -> backend.signal("hup", "NOPE").get())
                    .isInstanceOf(ControlException.class).hasMessageContaining("unknown signal 'NOPE'");
            assertThatThrownBy(() -> backend.signal("ghost", "HUP").get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownServiceException.class)
                    .hasMessageContaining("no service named 'ghost'");
        }
    }

    static List<Integer> awaitGroupMembers(int pgid, int atLeast) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<Integer> members = List.of();
        while (System.nanoTime() < deadline) {
            members = groupMembers(pgid);
            if (members.size() >= atLeast) return members;
            Thread.sleep(20);
        }
        throw new AssertionError("group " + pgid + " has " + members);
    }

    static List<Integer> groupMembers(int pgid) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Integer::parseInt).filter(pid -> {
                        try {
                            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            return Integer.parseInt(f[2]) == pgid && !f[0].equals("Z");
                        } catch (IOException | RuntimeException e) {
                            return false;
                        }
                    }).toList();
        }
    }
}
