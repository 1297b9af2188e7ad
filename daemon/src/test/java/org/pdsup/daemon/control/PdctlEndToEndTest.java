package org.pdsup.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.daemon.supervisor.ReloadOutcome;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.pdctl.Main;
import org.pdsup.protocol.ExitCodes;
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;

/** Every pdctl command against the real control server: human output, --json output and exit status. */
@Timeout(60)
class PdctlEndToEndTest {
    @TempDir
    Path dir;
    ServerFixture fx;
    ByteArrayOutputStream out;
    ByteArrayOutputStream err;

    @BeforeEach
    void start() throws Exception {
        fx = ServerFixture.start(dir);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private int pdctl(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        String[] full = new String[args.length + 2];
        full[0] = "-s";
        full[1] = fx.socket.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        return Main.run(full, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(String line) throws Exception {
        return (Map<String, Object>) new JsonReader(JsonLimits.PROTOCOL).parse(line.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> lines() {
        return List.of(out().split("\n"));
    }

    @Test
    void statusTableAndExitCodes() throws Exception {
        fx.backend.setState("web", ServiceState.RUNNING);
        fx.backend.setState("db", ServiceState.RUNNING);
        fx.backend.setState("db", ServiceState.STOPPED);
        assertThat(pdctl("status")).isZero();
        List<String> l = lines();
        assertThat(l).hasSize(5);
        assertThat(l.get(0)).matches("NAME +STATE +SINCE +PID +UPTIME +RESTARTS +LAST-EXIT");
        assertThat(l.get(1)).matches("web +running +\\d+s +\\d+ +1m\\d+s +1 +-");
        assertThat(l.get(2)).matches("db +stopped +\\d+s +- +- +1 +signal TERM \\(cpu 0\\.02s, rss 3\\.1M\\)");
        int stateColumn = l.get(0).indexOf("STATE");
        for (String row : l) assertThat(row.indexOf(row.trim().split(" +")[1])).isEqualTo(stateColumn);
        assertThat(out()).doesNotContain("\u001b");

        assertThat(pdctl("status", "web")).isZero();
        assertThat(pdctl("status", "web", "db")).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(pdctl("status", "worker-*")).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(lines()).hasSize(3);
        assertThat(pdctl("status", "nope")).isEqualTo(ExitCodes.NO_SUCH_SERVICE);
        assertThat(err()).isEqualTo("pdctl: no service named 'nope' (known: web, db, worker-1, worker-2)\n");
    }

    @Test
    void statusJsonIsTheServersAnswerWithoutId() throws Exception {
        assertThat(pdctl("--json", "status")).isZero();
        assertThat(lines()).hasSize(1);
        Map<String, Object> r = json(lines().get(0));
        assertThat(r).containsEntry("ok", true).doesNotContainKey("id");
        assertThat((List<?>) r.get("services")).hasSize(4);
        assertThat(pdctl("status", "nope", "--json")).isEqualTo(ExitCodes.NO_SUCH_SERVICE);
        assertThat(json(lines().get(0))).containsEntry("ok", false);
        assertThat(ControlServerTest.asMap(json(lines().get(0)).get("error"))).containsEntry("code", "no_such_service");
    }

    @Test
    void startStopRestart() throws Exception {
        assertThat(pdctl("start", "web", "db")).isZero();
        assertThat(lines()).hasSize(3);
        assertThat(lines().get(1)).matches("web +running +\\d+s +\\d+ .*");
        assertThat(pdctl("stop", "db")).isZero();
        assertThat(lines().get(1)).matches("db +stopped .*");
        assertThat(pdctl("--json", "restart", "worker-*")).isZero();
        Map<String, Object> r = json(lines().get(0));
        assertThat((List<?>) r.get("services")).hasSize(2);
        assertThat(pdctl("start", "nope")).isEqualTo(ExitCodes.NO_SUCH_SERVICE);
        assertThat(pdctl("start")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("'start' needs at least one NAME").contains("Try 'pdctl help'.");
    }

    @Test
    void signal() throws Exception {
        fx.backend.setState("web", ServiceState.RUNNING);
        long pid = fx.backend.snapshot().services().get("web").pid();
        assertThat(pdctl("signal", "web", "hup")).isZero();
        assertThat(out()).isEqualTo("sent SIGHUP to web (pid " + pid + ")\n");
        assertThat(fx.backend.signals).containsExactly("web:HUP");
        assertThat(pdctl("--json", "signal", "web", "SIGTERM")).isZero();
        assertThat(json(lines().get(0))).containsEntry("ok", true).containsKey("service");
        assertThat(pdctl("signal", "web", "NOPE")).isEqualTo(ExitCodes.ERROR);
        assertThat(err()).isEqualTo("pdctl: unknown signal 'NOPE'\n");
        assertThat(pdctl("signal", "db", "HUP")).isEqualTo(ExitCodes.ERROR);
        assertThat(err()).contains("not running");
        assertThat(pdctl("signal", "web")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void reloadChangesAndConfigErrors() throws Exception {
        fx.backend.nextReload = new ReloadOutcome(true, List.of("new"), List.of(), List.of("web"), List.of(),
                List.of("db", "worker-1"), List.of());
        assertThat(pdctl("reload")).isZero();
        assertThat(out()).isEqualTo("added: new\nrestarted: web\nunchanged: 2 services\n");
        fx.backend.nextReload = new ReloadOutcome(true, List.of(), List.of(), List.of(), List.of(),
                List.of("db"), List.of());
        assertThat(pdctl("reload")).isZero();
        assertThat(out()).isEqualTo("reload: no changes (1 services unchanged)\n");
        fx.backend.nextReload = new ReloadOutcome(false, List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of("pdsupd.conf:3: services.web.command: must not be empty", "pdsupd.conf:9: unknown key 'comand'"));
        assertThat(pdctl("reload")).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(err()).isEqualTo("pdctl: the new configuration has 2 errors; nothing was changed\n"
                + "  pdsupd.conf:3: services.web.command: must not be empty\n  pdsupd.conf:9: unknown key 'comand'\n");
        assertThat(pdctl("--json", "reload")).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat((List<?>) ControlServerTest.asMap(json(lines().get(0)).get("error")).get("errors")).hasSize(2);
    }

    @Test
    void eventsHistoryAndJson() throws Exception {
        fx.backend.setState("web", ServiceState.RUNNING);
        fx.backend.setState("web", ServiceState.STOPPED);
        fx.backend.setState("db", ServiceState.RUNNING);
        assertThat(pdctl("events", "web")).isZero();
        assertThat(lines()).hasSize(2);
        // local time, to the second off a terminal
        assertThat(lines().get(0)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  web: stopped -> running \\(test\\) pid \\d+");
        assertThat(lines().get(1)).matches("\\S+ \\S+  web: running -> stopped \\(test\\) pid \\d+, signal TERM \\(cpu 0\\.02s, rss 3\\.1M\\)");
        assertThat(pdctl("events", "--utc", "web")).isZero();
        assertThat(lines().get(0)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  web: stopped -> running .*");
        assertThat(pdctl("--json", "events")).isZero();
        assertThat(lines()).hasSize(3);
        assertThat(ControlServerTest.asMap(json(lines().get(2)).get("event"))).containsEntry("service", "db");
        assertThat(pdctl("events", "nope")).isEqualTo(ExitCodes.NO_SUCH_SERVICE);
    }

    @Test
    void eventsFollowPrintsLiveEventsUntilTheDaemonGoes() throws Exception {
        ByteArrayOutputStream live = new ByteArrayOutputStream();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"-s", fx.socket.toString(), "events", "-f", "--no-history", "worker-1"},
                new PrintStream(live, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()), Map.of(), false));
        long deadline = System.currentTimeMillis() + 10_000;
        while (fx.backend.subscriberCount() == 0 && System.currentTimeMillis() < deadline) Thread.sleep(5);
        fx.backend.setState("worker-2", ServiceState.RUNNING);
        fx.backend.setState("worker-1", ServiceState.RUNNING);
        while (!live.toString(StandardCharsets.UTF_8).contains("\n") && System.currentTimeMillis() < deadline) Thread.sleep(5);
        assertThat(live.toString(StandardCharsets.UTF_8)).contains("worker-1: stopped -> running").doesNotContain("worker-2");
        // an orderly stop ends the stream with reason "shutdown" before closing: exit 0 (a broken connection is 69)
        fx.server.stop();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
    }

    @Test
    void logsWithAndWithoutCapture() throws Exception {
        assertThat(pdctl("logs", "web")).isEqualTo(ExitCodes.ERROR);
        assertThat(err()).isEqualTo("pdctl: log capture not available in this pdsupd\n");
        fx.backend.logSource = (service, n, follow, sink) -> {
            for (int i = 1; i <= n; i++) sink.line("stdout", service + " says " + i);
            sink.end();
            return () -> { };
        };
        assertThat(pdctl("logs", "web", "-n", "3")).isZero();
        assertThat(out()).isEqualTo("web says 1\nweb says 2\nweb says 3\n");
        assertThat(pdctl("--json", "logs", "db", "-n1")).isZero();
        assertThat(out()).isEqualTo("{\"line\":\"db says 1\",\"stream\":\"stdout\"}\n");
        assertThat(pdctl("logs", "nope")).isEqualTo(ExitCodes.NO_SUCH_SERVICE);

        // several services: one stream each, every line prefixed with its (padded) name, each in its order
        assertThat(pdctl("logs", "web", "worker-1", "-n", "2")).isZero();
        assertThat(lines()).containsExactlyInAnyOrder("web      | web says 1", "web      | web says 2",
                "worker-1 | worker-1 says 1", "worker-1 | worker-1 says 2");
        assertThat(lines().indexOf("web      | web says 1")).isLessThan(lines().indexOf("web      | web says 2"));
        assertThat(pdctl("--json", "logs", "web", "db", "-n1")).isZero();
        assertThat(lines()).containsExactlyInAnyOrder(
                "{\"service\":\"web\",\"line\":\"web says 1\",\"stream\":\"stdout\"}",
                "{\"service\":\"db\",\"line\":\"db says 1\",\"stream\":\"stdout\"}");
        assertThat(pdctl("logs", "web", "nope")).isEqualTo(ExitCodes.NO_SUCH_SERVICE);
    }

    @Test
    void pidOfRunningAndStopped() throws Exception {
        fx.backend.setState("web", ServiceState.RUNNING);
        long pid = fx.backend.snapshot().services().get("web").pid();
        assertThat(pdctl("pid", "web")).isZero();
        assertThat(out()).isEqualTo(pid + "\n");
        assertThat(pdctl("--json", "pid", "web")).isZero();
        assertThat(out()).isEqualTo("{\"ok\":true,\"pid\":" + pid + "}\n");
        assertThat(pdctl("pid", "db")).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(err()).isEqualTo("pdctl: service 'db' is not running (state stopped)\n");
        assertThat(pdctl("pid", "nope")).isEqualTo(ExitCodes.NO_SUCH_SERVICE);
    }

    @Test
    void waitForStateOrTimeout() throws Exception {
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> pdctl("wait", "web", "--timeout", "20s"));
        long deadline = System.currentTimeMillis() + 10_000;
        while (fx.backend.waiterCount() == 0 && System.currentTimeMillis() < deadline) Thread.sleep(5);
        fx.backend.setState("web", ServiceState.RUNNING);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(out()).matches("web: running \\(pid \\d+\\)\n");
        assertThat(pdctl("wait", "db", "--state", "running,fatal", "--timeout", "100ms")).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(err()).contains("did not reach");
        assertThat(pdctl("wait", "db", "--state", "stopped")).isZero();
        assertThat(pdctl("wait", "db", "--state", "sleeping")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("unknown state 'sleeping'");
        assertThat(pdctl("wait", "db", "--timeout", "soon")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void version() throws Exception {
        assertThat(pdctl("version")).isZero();
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0)).matches("pdctl \\S+ \\(protocol 1\\)");
        assertThat(lines().get(1)).startsWith("pdsupd 0.1.0-test");
        assertThat(pdctl("--json", "version")).isZero();
        assertThat(json(lines().get(0))).containsEntry("protocol", 1L);
    }

    @Test
    void shutdownWaitsForTheDaemonToClose() throws Exception {
        fx.backend.onShutdown = fx.server::stop;
        assertThat(pdctl("shutdown")).isZero();
        assertThat(out()).isEqualTo("pdsupd is shutting down\n");
        assertThat(fx.backend.shutdowns).isEqualTo(1);
        assertThat(fx.socket).doesNotExist();
        assertThat(pdctl("status")).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err()).isEqualTo("pdctl: cannot connect to " + fx.socket + ": no such file (is pdsupd running?)\n");
    }

    @Test
    void helpAndUsage() {
        assertThat(pdctl("help")).isZero();
        assertThat(out()).contains("usage: pdctl").contains("Exit status");
        assertThat(pdctl("frob")).isEqualTo(ExitCodes.USAGE);
    }
}
