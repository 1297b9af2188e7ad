package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** requires = [...] ordering at start and, reversed, at stop; the readiness rules. */
class DependencyAndReadinessTest {
    @TempDir
    Path tmp;

    @Test
    void dependenciesStartInOrderAndStopInReverse() throws Exception {
        SupervisorHarness h = new SupervisorHarness(tmp, """
                web { command = ["/bin/sleep", "60"], requires = [app] }
                app { command = ["/bin/sleep", "60"], requires = [db], ready { mode = delay, delay = 200ms } }
                db  { command = ["/bin/sleep", "60"], ready { mode = delay, delay = 300ms } }
                """);
        try {
            h.await("web", ServiceState.RUNNING, Duration.ofSeconds(10));
            long dbReady = firstSeq(h, "db", ServiceState.RUNNING);
            long appSpawn = firstSpawn(h, "app");
            long appReady = firstSeq(h, "app", ServiceState.RUNNING);
            long webSpawn = firstSpawn(h, "web");
            assertThat(appSpawn).isGreaterThan(dbReady);
            assertThat(webSpawn).isGreaterThan(appReady);
            h.shutdown();
            long webStopped = firstSeq(h, "web", ServiceState.STOPPED);
            long appStopping = firstSeq(h, "app", ServiceState.STOPPING);
            long appStopped = firstSeq(h, "app", ServiceState.STOPPED);
            long dbStopping = firstSeq(h, "db", ServiceState.STOPPING);
            assertThat(appStopping).isGreaterThan(webStopped);
            assertThat(dbStopping).isGreaterThan(appStopped);
        } finally {
            h.close();
        }
    }

    /**
     * Shutdown re-examines only a settled service's requirements: a requirement shared by many services must
     * stop after the last of them, and one required through a chain after the whole chain.
     */
    @Test
    void aSharedRequirementStopsAfterItsLastDependentAtShutdown() throws Exception {
        StringBuilder cfg = new StringBuilder("db { command = [\"/bin/sleep\", \"60\"] }\n"
                + "mid { command = [\"/bin/sleep\", \"60\"], requires = [db] }\n");
        for (int i = 0; i < 12; i++) {
            cfg.append("w").append(i).append(" { command = [\"/bin/sh\", \"-c\", \"trap 'sleep 0.").append(i % 4)
                    .append("; exit 0' TERM; sleep 60 & wait\"], requires = [").append(i % 2 == 0 ? "db" : "mid")
                    .append("] }\n");
        }
        SupervisorHarness h = new SupervisorHarness(tmp, cfg.toString());
        try {
            for (int i = 0; i < 12; i++) h.await("w" + i, ServiceState.RUNNING, Duration.ofSeconds(30));
            h.shutdown();
            long dbStopping = firstSeq(h, "db", ServiceState.STOPPING);
            long midStopping = firstSeq(h, "mid", ServiceState.STOPPING);
            assertThat(dbStopping).isGreaterThan(firstSeq(h, "mid", ServiceState.STOPPED));
            for (int i = 0; i < 12; i++) {
                long stopped = firstSeq(h, "w" + i, ServiceState.STOPPED);
                assertThat(dbStopping).as("db after w%d", i).isGreaterThan(stopped);
                if (i % 2 == 1) assertThat(midStopping).as("mid after w%d", i).isGreaterThan(stopped);
            }
        } finally {
            h.close();
        }
    }

    @Test
    void notifyFdReadinessWaitsForTheNewline() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                notifier { command = ["/bin/sh", "-c", "sleep 0.3; echo >&3; exec sleep 60"],
                           ready { mode = notify-fd, fd = 3, timeout = 10s } }
                """)) {
            h.awaitEvents("notifier", ServiceState.STARTING, 1, Duration.ofSeconds(5));
            assertThat(h.status("notifier").ready()).isFalse();
            ServiceSnapshot s = h.await("notifier", ServiceState.RUNNING, Duration.ofSeconds(10));
            assertThat(s.ready()).isTrue();
            assertThat(h.eventsTo("notifier", ServiceState.RUNNING).get(0).reason()).isEqualTo("ready (notify-fd)");
        }
    }

    @Test
    void readinessTimeoutCountsAsAFailedStart() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                silent { command = ["/bin/sleep", "60"], ready { mode = notify-fd, fd = 3, timeout = 300ms },
                         backoff { initial = 5s } }
                """)) {
            List<SupervisorEvent> b = h.awaitEvents("silent", ServiceState.BACKOFF, 1, Duration.ofSeconds(10));
            assertThat(b.get(0).reason()).startsWith("failed to become ready: not ready within 300ms");
        }
    }

    @Test
    void tcpReadinessWhenThePortAcceptsConnections() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String python = findOnPath("python3");
        try (var h = new SupervisorHarness(tmp, """
                listener { command = ["%s", "-c", "import socket,time; time.sleep(0.4); s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', %d)); s.listen(); time.sleep(60)"],
                           ready { mode = tcp, port = %d, timeout = 20s } }
                """.formatted(python, port, port))) {
            ServiceSnapshot s = h.await("listener", ServiceState.RUNNING, Duration.ofSeconds(25));
            assertThat(s.ready()).isTrue();
        }
    }

    @Test
    void delayReadinessIsSupervisordStartsecs() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                quickdeath { command = ["/bin/sh", "-c", "sleep 0.1; exit 1"], ready { mode = delay, delay = 1s },
                             backoff { initial = 10s } }
                """)) {
            h.awaitEvents("quickdeath", ServiceState.BACKOFF, 1, Duration.ofSeconds(10));
            assertThat(h.eventsTo("quickdeath", ServiceState.RUNNING)).isEmpty();
        }
    }

    static String findOnPath(String exe) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path p = Path.of(dir, exe);
            if (java.nio.file.Files.isExecutable(p)) return p.toAbsolutePath().toString();
        }
        throw new org.opentest4j.TestAbortedException(exe + " not on PATH");
    }

    private static long firstSeq(SupervisorHarness h, String name, ServiceState to) {
        return h.eventsTo(name, to).get(0).seq();
    }

    private static long firstSpawn(SupervisorHarness h, String name) {
        return h.eventsTo(name, ServiceState.STARTING).stream().filter(e -> e.pid() > 0).findFirst().orElseThrow().seq();
    }
}
