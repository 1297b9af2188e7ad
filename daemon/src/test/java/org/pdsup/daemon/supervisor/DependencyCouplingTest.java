package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * requires = systemd's Requires= plus PartOf=: a required service's stop or failure stops its dependents, its
 * restart restarts them once it is ready again, a start of a dependent starts it first; after = [...] orders
 * starts and couples nothing; a waiting service says what it waits for. Real processes throughout.
 */
class DependencyCouplingTest {
    private static final Duration LONG = Duration.ofSeconds(90); // generous: a spawn took 20 s on a loaded machine

    @TempDir
    Path tmp;

    @Test
    void stoppingARequiredServiceStopsItsDependentAndStartingTheDependentStartsItFirst() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                web { command = ["/bin/sleep", "60"], requires = [db] }
                db  { command = ["/bin/sleep", "60"], ready { mode = delay, delay = 200ms } }
                """)) {
            int webPid = h.await("web", ServiceState.RUNNING, LONG).pid();
            h.supervisor.stop(List.of("db")).get(90, TimeUnit.SECONDS);
            ServiceSnapshot web = h.await("web", ServiceState.STOPPED, LONG);
            assertThat(SupervisorHarness.awaitGone(webPid, LONG)).isTrue();
            assertThat(h.eventsTo("web", ServiceState.STOPPING)).singleElement()
                    .satisfies(e -> assertThat(e.reason()).startsWith("stopped because db stopped"));
            assertThat(web.exits()).as("not a crash").containsOnlyKeys("stopped:signal:TERM");

            long mark = lastSeq(h);
            ServiceSnapshot started = h.supervisor.start(List.of("web")).get(90, TimeUnit.SECONDS).get(0);
            assertThat(started.state()).isEqualTo(ServiceState.RUNNING);
            long dbReady = after(h, "db", ServiceState.RUNNING, mark).get(0).seq();
            long webSpawn = after(h, "web", ServiceState.STARTING, mark).stream().filter(e -> e.pid() > 0)
                    .findFirst().orElseThrow().seq();
            assertThat(webSpawn).as("web is spawned once db is ready").isGreaterThan(dbReady);
        }
    }

    @Test
    void aRequiredServiceGoingFatalStopsItsDependent() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                web { command = ["/bin/sleep", "60"], requires = [db] }
                db  { command = ["/bin/sleep", "60"], start-limit { burst = 1, interval = 1h }, backoff { initial = 0 } }
                """)) {
            int webPid = h.await("web", ServiceState.RUNNING, LONG).pid();
            int dbPid = h.status("db").pid();
            new ProcessBuilder("kill", "-KILL", Integer.toString(dbPid)).start().waitFor();
            h.await("db", ServiceState.FATAL, LONG); // its restart is over the start limit
            // db's crash began a restart of web (to wait for db), db's fatal stopped it for good
            assertThat(h.eventsOf("web")).anySatisfy(e -> assertThat(e.reason())
                    .startsWith("restarting because db ended (signal KILL)"));
            assertThat(h.eventsOf("web")).anySatisfy(e -> assertThat(e.reason())
                    .startsWith("stopped because db is fatal"));
            assertThat(h.await("web", ServiceState.STOPPED, LONG).state()).isEqualTo(ServiceState.STOPPED);
            assertThat(SupervisorHarness.awaitGone(webPid, LONG)).isTrue();
            assertThat(h.status("web").state()).isEqualTo(ServiceState.STOPPED);

            // the operator starts web: fatal db is started afresh first
            ServiceSnapshot web = h.supervisor.start(List.of("web")).get(90, TimeUnit.SECONDS).get(0);
            assertThat(web.state()).isEqualTo(ServiceState.RUNNING);
            assertThat(h.status("db").state()).isEqualTo(ServiceState.RUNNING);
        }
    }

    @Test
    void aRestartOfTheRequiredServiceRestartsItsDependentOnceItIsReadyAgain() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                web { command = ["/bin/sleep", "60"], requires = [db] }
                db  { command = ["/bin/sleep", "60"], ready { mode = delay, delay = 300ms } }
                """)) {
            int webPid = h.await("web", ServiceState.RUNNING, LONG).pid();
            long mark = lastSeq(h);
            h.supervisor.restart(List.of("db")).get(90, TimeUnit.SECONDS);
            long dbReady = after(h, "db", ServiceState.RUNNING, mark).get(0).seq();
            SupervisorEvent webBack = awaitAfter(h, "web", ServiceState.RUNNING, mark);
            assertThat(webBack.pid()).isNotEqualTo(webPid);
            long webSpawn = after(h, "web", ServiceState.STARTING, mark).stream().filter(e -> e.pid() > 0)
                    .filter(e -> e.pid() != webPid).findFirst().orElseThrow().seq();
            assertThat(webSpawn).isGreaterThan(dbReady);
            assertThat(after(h, "web", ServiceState.STOPPING, mark).get(0).reason())
                    .startsWith("restarting because db is restarting");
            assertThat(h.status("web").exits()).as("not a crash").containsOnlyKeys("stopped:signal:TERM");
        }
    }

    @Test
    void afterOrdersTheStartAndCouplesNothing() throws Exception {
        try (var h = new SupervisorHarness(tmp, """
                web { command = ["/bin/sleep", "60"], after = [db] }
                db  { command = ["/bin/sleep", "60"], ready { mode = delay, delay = 300ms } }
                """)) {
            int webPid = h.await("web", ServiceState.RUNNING, LONG).pid();
            long dbReady = h.eventsTo("db", ServiceState.RUNNING).get(0).seq();
            long webSpawn = h.eventsTo("web", ServiceState.STARTING).stream().filter(e -> e.pid() > 0).findFirst()
                    .orElseThrow().seq();
            assertThat(webSpawn).as("web waits for db, listed after it").isGreaterThan(dbReady);
            assertThat(h.eventsTo("web", ServiceState.STARTING).get(0).reason()).isEqualTo("waiting for db");

            h.supervisor.stop(List.of("db")).get(90, TimeUnit.SECONDS);
            h.supervisor.restart(List.of("web")).get(90, TimeUnit.SECONDS);
            ServiceSnapshot web = h.await("web", ServiceState.RUNNING, LONG);
            assertThat(web.pid()).isNotEqualTo(webPid);
            assertThat(h.status("db").state()).as("after does not start db").isEqualTo(ServiceState.STOPPED);
            int again = web.pid();
            h.supervisor.start(List.of("db")).get(90, TimeUnit.SECONDS);
            h.supervisor.stop(List.of("db")).get(90, TimeUnit.SECONDS);
            assertThat(h.status("web").pid()).as("nor does its stop stop web").isEqualTo(again);
        }
    }

    @Test
    void aWaitingServiceSaysWhatItWaitsFor() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (var h = new SupervisorHarness(tmp, """
                web { command = ["/bin/sleep", "60"], requires = [db] }
                db  { command = ["/bin/sleep", "60"], ready { mode = tcp, port = %d, timeout = 120s } }
                """.formatted(port))) {
            h.awaitEvents("db", ServiceState.STARTING, 2, LONG); // spawning, then spawned: readiness runs
            assertThat(h.status("db").waitingFor()).isEqualTo("readiness: tcp 127.0.0.1:" + port);
            assertThat(h.status("web").waitingFor()).isEqualTo("db: starting");
            ExecutionException timeout = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> h.supervisor.waitFor("web", EnumSet.of(ServiceState.RUNNING), Duration.ofMillis(200))
                            .get(90, TimeUnit.SECONDS));
            assertThat(timeout.getCause()).isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("(it is starting, waiting for db: starting)");
        }
    }

    static long lastSeq(SupervisorHarness h) {
        synchronized (h.events) {
            return h.events.isEmpty() ? 0 : h.events.get(h.events.size() - 1).seq();
        }
    }

    static List<SupervisorEvent> after(SupervisorHarness h, String name, ServiceState to, long seq) {
        return h.eventsTo(name, to).stream().filter(e -> e.seq() > seq).toList();
    }

    private static SupervisorEvent awaitAfter(SupervisorHarness h, String name, ServiceState to, long seq)
            throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (System.nanoTime() < deadline) {
            List<SupervisorEvent> l = after(h, name, to, seq);
            if (!l.isEmpty()) return l.get(0);
            Thread.sleep(20);
        }
        throw new AssertionError(name + " did not reach " + to + "; events: " + h.eventsOf(name));
    }
}
