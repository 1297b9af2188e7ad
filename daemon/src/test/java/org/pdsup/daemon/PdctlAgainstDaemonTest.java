package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pdctl against a real pdsupd process: status, logs of captured output, reopen-logs after an external
 * rotation, reload after an edit of the file, and the exit codes scripts rely on.
 */
class PdctlAgainstDaemonTest {
    @TempDir
    Path tmp;

    private InProcessPdctl.Result pdctl(Path socket, String... args) {
        return InProcessPdctl.run(socket, args);
    }

    @Test
    void logsReopenAndReloadThroughPdctl() throws Exception {
        Path cfg = DaemonProcess.config(tmp, """
                talker { command = ["/bin/sh", "-c", "i=0; while :; do i=$((i+1)); echo line $i; sleep 0.05; done"] }
                """);
        Path socket = tmp.resolve("pdsupd.sock");
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.runningPid("talker", Duration.ofSeconds(30));
            d.awaitLine("control: listening on", 0, Duration.ofSeconds(30));

            InProcessPdctl.Result status = pdctl(socket, "--json", "status", "talker");
            assertThat(status.code()).isZero();
            assertThat(status.out()).contains("\"name\":\"talker\"").contains("\"state\":\"running\"");
            assertThat(pdctl(socket, "status", "ghost").code()).isEqualTo(4);

            Path log = tmp.resolve("log/talker/output.log");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((!Files.exists(log) || Files.readAllLines(log).size() < 5) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            InProcessPdctl.Result logs = pdctl(socket, "logs", "talker", "-n", "3");
            assertThat(logs.code()).as(logs.err()).isZero();
            assertThat(logs.out().lines().toList()).hasSize(3).allSatisfy(l -> assertThat(l).contains("line "));

            // newsyslog-style rotation: move the file away, then reopen
            Path rotated = tmp.resolve("log/talker/output.log.0");
            Files.move(log, rotated);
            InProcessPdctl.Result reopen = pdctl(socket, "reopen-logs");
            assertThat(reopen.code()).as(reopen.err()).isZero();
            deadline = System.nanoTime() + 10_000_000_000L;
            while (!Files.exists(log) && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(log).exists();

            // reload: a new service is added and started, talker keeps its pid
            int before = Integer.parseInt(pdctl(socket, "pid", "talker").out().trim());
            DaemonProcess.config(tmp, """
                    talker { command = ["/bin/sh", "-c", "i=0; while :; do i=$((i+1)); echo line $i; sleep 0.05; done"] }
                    extra { command = ["/bin/sleep", "60"] }
                    """);
            InProcessPdctl.Result reload = pdctl(socket, "reload");
            assertThat(reload.code()).as(reload.err()).isZero();
            assertThat(reload.out()).contains("added: extra");
            InProcessPdctl.Result wait = pdctl(socket, "wait", "extra", "--state", "running", "--timeout", "10s");
            assertThat(wait.code()).as(wait.err()).isZero();
            assertThat(Integer.parseInt(pdctl(socket, "pid", "talker").out().trim())).isEqualTo(before);

            // SIGHUP reloads too
            DaemonProcess.config(tmp, """
                    talker { command = ["/bin/sh", "-c", "i=0; while :; do i=$((i+1)); echo line $i; sleep 0.05; done"] }
                    extra { command = ["/bin/sleep", "60"] }
                    third { command = ["/bin/sleep", "61"] }
                    """);
            int mark = d.lineCount();
            new ProcessBuilder("kill", "-HUP", Long.toString(d.process.pid())).start().waitFor();
            d.awaitLine("reload applied: added \\[third\\]", mark, Duration.ofSeconds(20));

            Files.writeString(cfg, Files.readString(cfg).replace("restart", "x").replace("extra {", "extra { restart = sometimes,"));
            InProcessPdctl.Result broken = pdctl(socket, "reload");
            assertThat(broken.code()).isEqualTo(78);
            assertThat(broken.err() + broken.out()).contains("pdsupd.conf:").contains("sometimes");
        }
    }
}
