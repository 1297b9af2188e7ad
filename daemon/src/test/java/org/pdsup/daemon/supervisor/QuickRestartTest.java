package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;
import org.pdsup.procdesc.StartedSpawn;

/**
 * A restart asked while no spawn is in flight begins on the supervisor thread ({@link Spawner#submit},
 * {@link ProcessDescriptors#startQuickly}); a stopped fork server costs the restart its quick start, not the
 * restart itself. Real processes, the system's backend (Linux: the fork server), recorded on their way through.
 */
class QuickRestartTest {
    @TempDir
    Path tmp;

    /** The system's backend, recording on which thread each spawn began and which way. */
    static final class Recording extends ForwardingProcessDescriptors {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public ProcessDescriptor spawn(SpawnSpec spec) throws SpawnException {
            calls.add("spawn on " + Thread.currentThread().getName());
            return real.spawn(spec);
        }

        @Override
        public StartedSpawn startQuickly(SpawnSpec spec) throws SpawnException {
            StartedSpawn started = real.startQuickly(spec);
            calls.add((started == null ? "declined on " : "quick on ") + Thread.currentThread().getName());
            return started;
        }

        @Override public boolean exitedChildWaiting() { return real.exitedChildWaiting(); }
        @Override public String describe() { return "recording " + real.describe(); }
    }

    private static final String SERVICE = """
            svc { command = ["/bin/sleep", "60"], restart = always, backoff { initial = 0 } }
            """;

    private static int restart(SupervisorHarness h, int restarts) throws Exception {
        int before = h.status("svc").pid();
        ProcessHandle.of(before).orElseThrow().destroyForcibly();
        h.awaitEvents("svc", ServiceState.RUNNING, restarts + 1, Duration.ofSeconds(20));
        int after = h.status("svc").pid();
        assertThat(after).isPositive().isNotEqualTo(before);
        return after;
    }

    @Test
    void aRestartBeginsOnTheSupervisorThreadAndOnlyItsExecIsWaitedForElsewhere() throws Exception {
        var recording = new Recording();
        try (var h = new SupervisorHarness(tmp, SERVICE, true, "", recording)) {
            h.await("svc", ServiceState.RUNNING, Duration.ofSeconds(10));
            recording.calls.clear();
            restart(h, 1);
            assertThat(recording.calls).as("the restart's way").containsExactly("quick on pdsupd-supervisor");
        }
    }

    @Test
    void aStoppedForkServerCostsTheQuickStartNotTheRestart() throws Exception {
        var recording = new Recording();
        try (var h = new SupervisorHarness(tmp, SERVICE, true, "", recording)) {
            h.await("svc", ServiceState.RUNNING, Duration.ofSeconds(10));
            List<Long> servers = forkServers();
            assertThat(servers).as("one fork server").hasSize(1);
            ProcessHandle server = ProcessHandle.of(servers.get(0)).orElseThrow();
            assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(server.pid())).start().waitFor()).isZero();
            recording.calls.clear();
            restart(h, 1);
            assertThat(recording.calls).as("declined, then spawned the ordinary way").hasSize(2);
            assertThat(recording.calls.get(0)).isEqualTo("declined on pdsupd-supervisor");
            assertThat(recording.calls.get(1)).startsWith("spawn on pdsupd-spawner-");
            assertThat(server.isAlive()).as("the stopped server discarded").isFalse();
            assertThat(forkServers()).as("a new server").hasSize(1).doesNotContain(server.pid());
            recording.calls.clear();
            restart(h, 2);
            assertThat(recording.calls).as("the new server serves quick starts").containsExactly(
                    "quick on pdsupd-supervisor");
        }
    }

    /** This JVM's children that are fork servers ({@code pdsup-exec -Z}). */
    private static List<Long> forkServers() throws IOException {
        long self = ProcessHandle.current().pid();
        try (Stream<ProcessHandle> children = ProcessHandle.current().children()) {
            return children.filter(p -> {
                try {
                    String cmd = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
                    return cmd.contains("pdsup-exec") && cmd.contains("\0-Z\0");
                } catch (IOException e) {
                    return false;
                }
            }).map(ProcessHandle::pid).filter(pid -> pid != self).toList();
        }
    }
}
