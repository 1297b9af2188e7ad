package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pdctl against a real pdsupd process: {@code reload NAME} delivers the reload signal to a real service once,
 * refuses a service that does not run (exit 1, as {@code signal}); stopping a required service stops its
 * dependent with the cause, and {@code start} of the dependent starts it again first.
 */
class PdctlReloadAndRequiresAgainstDaemonTest {
    private static final Duration LONG = Duration.ofSeconds(90); // generous: a spawn took 20 s on a loaded machine

    @TempDir
    Path tmp;

    private InProcessPdctl.Result pdctl(Path socket, String... args) {
        return InProcessPdctl.run(socket, args);
    }

    @Test
    void reloadNameSignalsOnceAndRequiresCarriesTheStop() throws Exception {
        Path signals = tmp.resolve("web.signals");
        String recorder = "trap 'echo HUP >> " + signals + "' HUP; trap 'echo USR1 >> " + signals + "' USR1; "
                + "echo >&3; exec 3>&-; while :; do sleep 0.05; done";
        Path cfg = DaemonProcess.config(tmp, """
                web  { command = ["/bin/sh", "-c", "%s"], ready { mode = notify-fd, fd = 3 }, requires = [db] }
                db   { command = ["/bin/sleep", "60"] }
                idle { command = ["/bin/sleep", "60"], autostart = false }
                """.formatted(recorder));
        Path socket = tmp.resolve("pdsupd.sock");
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.awaitLine("control: listening on", 0, LONG);
            int webPid = d.runningPid("web", LONG);

            InProcessPdctl.Result reload = pdctl(socket, "reload", "we*");
            assertThat(reload.code()).as(reload.err()).isZero();
            assertThat(reload.out()).isEqualTo("sent the reload signal to web (pid " + webPid + ")\n");
            awaitLines(signals, 1);
            assertThat(pdctl(socket, "signal", "web", "USR1").code()).isZero();
            assertThat(awaitLines(signals, 2)).as("the reload signal came once").containsExactly("HUP", "USR1");
            InProcessPdctl.Result events = pdctl(socket, "events", "web");
            assertThat(events.out()).contains("reload signal SIGHUP sent to pid " + webPid);

            InProcessPdctl.Result notRunning = pdctl(socket, "reload", "idle");
            assertThat(notRunning.code()).as("as pdctl signal on a stopped service")
                    .isEqualTo(pdctl(socket, "signal", "idle", "HUP").code()).isEqualTo(1);
            assertThat(notRunning.err()).contains("idle is not running (state stopped)");
            InProcessPdctl.Result config = pdctl(socket, "reload");
            assertThat(config.code()).as(config.err()).isZero();
            assertThat(config.out()).startsWith("reload: no changes");

            assertThat(pdctl(socket, "stop", "db").code()).isZero();
            InProcessPdctl.Result wait = pdctl(socket, "wait", "web", "--state", "stopped", "--timeout", "90s");
            assertThat(wait.code()).as(wait.err()).isZero();
            InProcessPdctl.Result web = pdctl(socket, "--json", "status", "web");
            assertThat(web.out()).contains("\"state\":\"stopped\"")
                    .contains("\"reason\":\"stopped because db stopped: signal TERM\"").contains("\"requested\":true");
            assertThat(pdctl(socket, "status", "web").out()).as("not shown as a crash")
                    .containsPattern("web +stopped .* stopped: signal TERM \\(cpu");

            InProcessPdctl.Result start = pdctl(socket, "start", "web");
            assertThat(start.code()).as(start.err()).isZero();
            List<String> rows = pdctl(socket, "status", "web", "db").out().lines().toList();
            assertThat(rows).anySatisfy(r -> assertThat(r).matches("web +running .*"));
            assertThat(rows).anySatisfy(r -> assertThat(r).matches("db +running .*"));
        }
    }

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
