package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pdctl show NAME} against a real pdsupd: process, output, dependencies, exits, configuration. */
class PdctlShowAgainstDaemonTest {
    @TempDir
    Path tmp;

    private InProcessPdctl.Result pdctl(Path socket, String... args) {
        return InProcessPdctl.run(socket, args);
    }

    @Test
    void eachValueSaysWhichFileAndLineItComesFrom() throws Exception {
        Path conf = tmp.resolve("conf.d");
        java.nio.file.Files.createDirectories(conf);
        java.nio.file.Files.writeString(conf.resolve("web.conf"), """
                services.web {
                  command = ["/bin/sleep", "62"]
                  stop { timeout = 9s }
                  environment { GREETING = hi }
                }
                """);
        Path cfg = tmp.resolve("pdsupd.conf");
        java.nio.file.Files.writeString(cfg, String.join("\n",
                "pdsupd {",
                "  state-dir = \"" + tmp.resolve("state") + "\"",
                "  log-dir = \"" + tmp.resolve("log") + "\"",
                "  control.socket = \"" + tmp.resolve("pdsupd.sock") + "\"",
                "  metrics.enabled = false",
                "  include-dir = \"" + conf + "\"",
                "  service-defaults {",
                "    restart = on-failure",
                "    backoff.max = 30s",
                "  }",
                "  output.keep = 3",
                "}", ""));
        Path socket = tmp.resolve("pdsupd.sock");
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.runningPid("web", Duration.ofSeconds(60));
            d.awaitLine("control: listening on", 0, Duration.ofSeconds(60));
            InProcessPdctl.Result web = pdctl(socket, "show", "web");
            assertThat(web.code()).as(web.err()).isZero();
            assertThat(web.out()).contains("  defined at   conf.d/web.conf:1\n")
                    .containsPattern("\n  command = \\[/bin/sleep, 62\\] +\\(conf\\.d/web\\.conf:2\\)\n")
                    .containsPattern("\n  stop\\.timeout = 9s +\\(conf\\.d/web\\.conf:3\\)\n")
                    .containsPattern("\n  environment = \\[.*GREETING.*\\] +\\(conf\\.d/web\\.conf:4\\)\n")
                    .containsPattern("\n  restart = on-failure +\\(service-defaults at pdsupd\\.conf:8\\)\n")
                    .containsPattern("\n  backoff\\.max = 30s +\\(service-defaults at pdsupd\\.conf:9\\)\n")
                    .containsPattern("\n  backoff\\.initial = \\S+ +\\(default\\)\n")
                    .containsPattern("\n  output\\.keep = 3 +\\(pdsupd\\.output at pdsupd\\.conf:11\\)\n");
            InProcessPdctl.Result json = pdctl(socket, "--json", "show", "web");
            assertThat(json.out()).contains("\"stop.timeout\":\"conf.d/web.conf:3\"")
                    .contains("\"restart\":\"service-defaults at pdsupd.conf:8\"")
                    .contains("\"output.keep\":\"pdsupd.output at pdsupd.conf:11\"")
                    .contains("\"stop.signal\":\"default\"")
                    .contains("\"config\":{\"command\":[\"/bin/sleep\",\"62\"]"); // the config is unchanged
        }
    }

    @Test
    void showsOneServiceInDetail() throws Exception {
        Path cfg = DaemonProcess.config(tmp, """
                db { command = ["/bin/sleep", "60"] }
                web {
                  command = ["/bin/sleep", "61"]
                  requires = [db]
                  environment { SECRET = hunter2 }
                  stop.timeout = 7s
                }
                once { command = ["/bin/sh", "-c", "exit 3"], restart = never }
                """);
        Path socket = tmp.resolve("pdsupd.sock");
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.awaitLine("control: listening on", 0, Duration.ofSeconds(30));
            d.runningPid("web", Duration.ofSeconds(30)); // the services are known once one is running
            InProcessPdctl.Result waited = pdctl(socket, "wait", "web", "--timeout", "30s");
            assertThat(waited.code()).as(waited.err() + String.join("\n", d.lines)).isZero();
            assertThat(pdctl(socket, "wait", "once", "--state", "exited", "--timeout", "30s").code()).isZero();
            int pid = Integer.parseInt(pdctl(socket, "pid", "web").out().trim());

            InProcessPdctl.Result web = pdctl(socket, "show", "web");
            assertThat(web.code()).as(web.err()).isZero();
            assertThat(web.out()).startsWith("web: running for ")
                    .containsPattern("\n  defined at   pdsupd\\.conf:\\d+\n")
                    .contains("\n  process      pid " + pid + ", pgid " + pid + ", up ")
                    .containsPattern("descriptor fd \\d+\n")
                    .contains("\n  output       " + tmp.resolve("log/web/output.log") + "\n")
                    .contains("\n  requires     db\n")
                    .contains("\n  required by  -\n")
                    .contains("\nconfiguration:\n")
                    .containsPattern("\n  command = \\[/bin/sleep, 61\\] +\\(pdsupd\\.conf:\\d+\\)\n")
                    .containsPattern("\n  stop\\.timeout = 7s +\\(pdsupd\\.conf:\\d+\\)\n")
                    .containsPattern("\n  stop\\.signal = TERM +\\(default\\)\n")
                    .contains("SECRET")
                    .doesNotContain("hunter2");

            assertThat(pdctl(socket, "show", "db").out()).contains("\n  required by  web\n");

            InProcessPdctl.Result once = pdctl(socket, "show", "once");
            assertThat(once.out()).startsWith("once: exited")
                    .contains("\n  process      none\n")
                    .containsPattern("\n  last exits   exit 3 \\(cpu \\d+\\.\\d\\ds, rss [\\d.]+[BKMG]\\)  \\d{4}-");

            InProcessPdctl.Result json = pdctl(socket, "--json", "show", "web");
            assertThat(json.out()).startsWith("{\"ok\":true,\"service\":{\"name\":\"web\"")
                    .contains("\"requires\":[\"db\"]").contains("\"required_by\":[]")
                    .contains("\"process\":{\"pid\":" + pid + ",\"pgid\":" + pid)
                    .contains("\"environment\":[").doesNotContain("hunter2")
                    .containsPattern("\"origins\":\\{\"command\":\"pdsupd\\.conf:\\d+\",")
                    .contains("\"stop.mode\":\"default\"");

            InProcessPdctl.Result nope = pdctl(socket, "show", "wbe");
            assertThat(nope.code()).isEqualTo(4);
            assertThat(nope.err()).contains("did you mean 'web'?");
        }
    }
}
