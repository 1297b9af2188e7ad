package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.procdesc.Signal;

/**
 * {@code reload NAME}: the service's reload-signal through its descriptor, exactly once, recorded as an event;
 * a forking service's daemon gets it; a service that does not run gets an error and nothing is sent to anyone.
 */
class ServiceReloadSignalTest {
    private static final Duration LONG = Duration.ofSeconds(90); // generous: a spawn took 20 s on a loaded machine

    @TempDir
    Path tmp;

    /** A shell that appends the name of each signal it gets to {@code file}; ready once its traps are set. */
    private static String recorder(Path file) {
        return "trap 'echo HUP >> " + file + "' HUP; trap 'echo USR1 >> " + file + "' USR1; "
                + "trap 'echo USR2 >> " + file + "' USR2; echo >&3; exec 3>&-; while :; do sleep 0.05; done";
    }

    @Test
    void theReloadSignalReachesARealServiceExactlyOnce() throws Exception {
        Path web = tmp.resolve("web.signals");
        Path api = tmp.resolve("api.signals");
        try (var h = new SupervisorHarness(tmp, """
                web { command = ["/bin/sh", "-c", "%s"], ready { mode = notify-fd, fd = 3 } }
                api { command = ["/bin/sh", "-c", "%s"], ready { mode = notify-fd, fd = 3 }, reload-signal = USR2 }
                """.formatted(recorder(web), recorder(api)))) {
            int webPid = h.await("web", ServiceState.RUNNING, LONG).pid();
            int apiPid = h.await("api", ServiceState.RUNNING, LONG).pid();
            List<ServiceSnapshot> answer = h.supervisor.reload(List.of("web", "api")).get(90, TimeUnit.SECONDS);
            assertThat(answer).extracting(ServiceSnapshot::name).containsExactly("web", "api");
            awaitLines(web, 1);
            awaitLines(api, 1);
            // a second, different signal afterwards: had the reload signal come twice, it would show before it
            h.supervisor.signal("web", Signal.USR1).get(90, TimeUnit.SECONDS);
            h.supervisor.signal("api", Signal.USR1).get(90, TimeUnit.SECONDS);
            assertThat(awaitLines(web, 2)).containsExactly("HUP", "USR1");
            assertThat(awaitLines(api, 2)).containsExactly("USR2", "USR1");
            assertThat(h.status("web").pid()).as("still the same process").isEqualTo(webPid);
            assertThat(h.eventsOf("web")).anySatisfy(e -> {
                assertThat(e.reason()).isEqualTo("reload signal SIGHUP sent to pid " + webPid);
                assertThat(e.from()).isEqualTo(ServiceState.RUNNING);
                assertThat(e.to()).isEqualTo(ServiceState.RUNNING);
            });
            assertThat(h.eventsOf("api")).anySatisfy(e ->
                    assertThat(e.reason()).isEqualTo("reload signal SIGUSR2 sent to pid " + apiPid));
        }
    }

    @Test
    void aServiceThatDoesNotRunIsAnErrorAndNobodyIsSignalled() throws Exception {
        Path web = tmp.resolve("web.signals");
        try (var h = new SupervisorHarness(tmp, """
                web  { command = ["/bin/sh", "-c", "%s"], ready { mode = notify-fd, fd = 3 } }
                idle { command = ["/bin/sleep", "60"], autostart = false }
                """.formatted(recorder(web)))) {
            h.await("web", ServiceState.RUNNING, LONG);
            ExecutionException e = Assertions.assertThrows(ExecutionException.class,
                    () -> h.supervisor.reload(List.of("web", "idle")).get(90, TimeUnit.SECONDS));
            assertThat(e.getCause()).isInstanceOf(IllegalStateForOperation.class)
                    .hasMessage("idle is not running (state stopped): there is no process to reload; nothing was"
                            + " reloaded");
            h.supervisor.signal("web", Signal.USR1).get(90, TimeUnit.SECONDS);
            assertThat(awaitLines(web, 1)).as("web did not get the reload signal").containsExactly("USR1");
        }
    }

    @Test
    void aForkingServicesDaemonGetsTheSignal() throws Exception {
        Path signals = tmp.resolve("daemon.signals");
        Path pidfile = tmp.resolve("daemon.pid");
        Path script = tmp.resolve("daemon.sh"); // traps HUP, then names itself in the pidfile (atomically)
        Files.writeString(script, "trap 'echo HUP >> " + signals + "' HUP\necho $$ > " + pidfile + ".new\nmv "
                + pidfile + ".new " + pidfile + "\nwhile :; do sleep 0.05; done\n");
        try (var h = new SupervisorHarness(tmp, """
                forker { type = forking, pidfile = "%s",
                         command = ["/bin/sh", "-c", "/bin/sh %s </dev/null >/dev/null 2>&1 & while [ ! -e %s ]; do sleep 0.01; done"] }
                """.formatted(pidfile, script, pidfile))) {
            int daemonPid = h.await("forker", ServiceState.RUNNING, LONG).pid();
            assertThat(daemonPid).isEqualTo(Integer.parseInt(Files.readString(pidfile).trim()));
            h.supervisor.reload(List.of("forker")).get(90, TimeUnit.SECONDS);
            assertThat(awaitLines(signals, 1)).containsExactly("HUP");
            assertThat(h.eventsOf("forker")).anySatisfy(e ->
                    assertThat(e.reason()).isEqualTo("reload signal SIGHUP sent to pid " + daemonPid));
        }
    }

    /** The file's lines once it has at least {@code n} (bounded wait: the signal's handler runs when it runs). */
    private static List<String> awaitLines(Path file, int n) throws Exception {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= n) return lines;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(file + " has fewer than " + n + " lines");
    }
}
