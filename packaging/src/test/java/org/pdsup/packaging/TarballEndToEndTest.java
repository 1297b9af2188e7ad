package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.ServiceStatus;
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;

/**
 * Issue 9's end-to-end check: the tarball unpacked into a temporary prefix, its sample configuration copied and
 * pointed at directories under that prefix (as an administrator would), plus two services running /bin/sleep;
 * bin/pdsupd started, bin/pdctl status --json showing the services running with real PIDs, then SIGTERM: pdsupd
 * exits 0 and the services are gone.
 */
class TarballEndToEndTest {
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    /** pdctl's exit status when it cannot reach the daemon (yet). */
    private static final int UNREACHABLE = 69;

    @TempDir
    Path tmp;
    Path prefix;
    Path config;
    Path socket;
    Path daemonLog;
    Process daemon;

    @BeforeEach
    void install() throws Exception {
        prefix = Tarball.unpack(tmp.resolve("p")).toRealPath();
        Path etc = prefix.resolve("etc/pdsupd");
        socket = prefix.resolve("var/run/pdsupd.sock");
        for (String d : List.of("var/db/pdsupd", "var/log/pdsupd", "var/run")) {
            Files.createDirectories(prefix.resolve(d));
        }

        String sample = Files.readString(etc.resolve("pdsupd.conf.sample"));
        String conf = replaceOnce(sample, "state-dir = /var/db/pdsupd",
                "state-dir = \"" + prefix.resolve("var/db/pdsupd") + "\"");
        conf = replaceOnce(conf, "log-dir = /var/log/pdsupd",
                "log-dir = \"" + prefix.resolve("var/log/pdsupd") + "\"");
        conf = replaceOnce(conf, "socket = /var/run/pdsupd.sock", "socket = \"" + socket + "\"");
        conf = replaceOnce(conf, "enabled = true", "enabled = false");
        // Linux has no group wheel; the user running the test administers this pdsupd
        conf += "\npdsupd.control.admins { users = [\"" + System.getProperty("user.name") + "\"], groups = [] }\n";
        config = etc.resolve("pdsupd.conf");
        Files.writeString(config, conf);
        Files.copy(etc.resolve("services.d/heartbeat.conf.sample"), etc.resolve("services.d/heartbeat.conf"));
        Files.writeString(etc.resolve("services.d/sleepers.conf"), """
                services {
                  sleeper-a { command = [/bin/sleep, "3600"], restart = always }
                  sleeper-b { command = [/bin/sleep, "3600"], restart = always }
                }
                """);
        daemonLog = tmp.resolve("pdsupd.log");
    }

    @AfterEach
    void killLeftovers() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly();
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String replaceOnce(String text, String what, String with) {
        assertThat(text).as("the sample configuration no longer contains '%s'", what).contains(what);
        return text.replace(what, with);
    }

    private String log() throws Exception {
        return Files.exists(daemonLog) ? Files.readString(daemonLog, StandardCharsets.UTF_8) : "(no output)";
    }

    private Run.Result pdctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(prefix.resolve("bin/pdctl").toString(), "-s", socket.toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("PDCTL_JAVA_OPTS", null);
        return Run.run(cmd, env, Duration.ofSeconds(60));
    }

    /** Waits (bounded) until pdctl reaches the daemon and NAME is running. */
    private void awaitRunning(String name) throws Exception {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            assertThat(daemon.isAlive()).as("pdsupd exited early (status %s); its output:\n%s",
                    daemon.isAlive() ? "-" : daemon.exitValue(), log()).isTrue();
            Run.Result r = pdctl("wait", name, "--timeout", "20s");
            if (r.exit() == 0) return;
            assertThat(r.exit()).as("pdctl wait %s: %s\npdsupd output:\n%s", name, r.describe(), log())
                    .isEqualTo(UNREACHABLE);
            assertThat(System.nanoTime()).as("pdsupd's socket %s did not answer within %s; its output:\n%s",
                    socket, START_WAIT, log()).isLessThan(deadline);
            Thread.sleep(200); // the daemon is still starting: its socket is not there yet
        }
    }

    @SuppressWarnings("unchecked")
    private static List<ServiceStatus> services(String statusJson) throws Exception {
        List<ServiceStatus> all = new ArrayList<>();
        JsonReader reader = new JsonReader(JsonLimits.PROTOCOL);
        for (String line : statusJson.lines().filter(l -> !l.isBlank()).toList()) {
            Map<String, Object> frame = (Map<String, Object>) reader.parse(line.getBytes(StandardCharsets.UTF_8));
            Object list = frame.get("services");
            if (list instanceof List<?> l) {
                for (Object s : l) all.add(ServiceStatus.fromJson((Map<String, Object>) s));
            }
        }
        return all;
    }

    @Test
    void startsTheSampleConfigurationReportsTheServicesAndStopsCleanlyOnSigterm() throws Exception {
        Run.Result check = Run.run(List.of(prefix.resolve("bin/pdsupd").toString(), "--check-config", "--config",
                config.toString()), Map.of(), Duration.ofSeconds(60));
        assertThat(check.exit()).as(check.describe()).isZero();

        daemon = new ProcessBuilder(prefix.resolve("bin/pdsupd").toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(daemonLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        awaitRunning("sleeper-a");
        awaitRunning("sleeper-b");

        Run.Result status = pdctl("status", "--json");
        assertThat(status.exit()).as(status.describe()).isZero();
        List<ServiceStatus> services = services(status.out());
        assertThat(services).extracting(ServiceStatus::name).contains("sleeper-a", "sleeper-b", "heartbeat");
        List<ProcessHandle> sleepers = new ArrayList<>();
        for (String name : List.of("sleeper-a", "sleeper-b")) {
            ServiceStatus s = services.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            assertThat(s.state()).as(status.out()).isEqualTo("running");
            assertThat(s.pid()).as(status.out()).isPositive();
            String cmdline = Files.readString(Path.of("/proc", Long.toString(s.pid()), "cmdline"));
            assertThat(cmdline).as("the PID pdctl reports for %s runs the service", name)
                    .isEqualTo("/bin/sleep\0" + "3600\0");
            sleepers.add(ProcessHandle.of(s.pid()).orElseThrow());
        }

        daemon.destroy(); // SIGTERM
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as("pdsupd did not exit within 60 s of SIGTERM:\n%s", log())
                .isTrue();
        assertThat(daemon.exitValue()).as("pdsupd's exit status after SIGTERM; its output:\n%s", log()).isZero();
        for (ProcessHandle p : sleepers) {
            Optional<ProcessHandle> still = ProcessHandle.of(p.pid()).filter(ProcessHandle::isAlive);
            if (still.isPresent()) still.get().onExit().get(10, TimeUnit.SECONDS);
            assertThat(ProcessHandle.of(p.pid()).filter(ProcessHandle::isAlive))
                    .as("service process %d still runs after pdsupd stopped", p.pid()).isEmpty();
        }
    }

    @Test
    void aBrokenConfigurationIsRefusedNamingTheFile() throws Exception {
        Path broken = tmp.resolve("broken.conf");
        Files.writeString(broken, "services {\n  bad { command = 42 }\n}\n");
        Run.Result r = Run.run(List.of(prefix.resolve("bin/pdsupd").toString(), "--check-config", "--config",
                broken.toString()), Map.of(), Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.describe()).isNotZero();
        assertThat(r.out() + r.err()).contains("broken.conf");
    }

    @Test
    void versionRunsOnTheDefaultJdkAndOnJava25WithoutNativeAccessWarnings() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PDSUPD_JAVA_OPTS", null);
        env.put("JAVA_HOME", null);
        List<String> version = List.of(prefix.resolve("bin/pdsupd").toString(), "--version");
        Run.Result r = Run.run(version, env, Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).isNotBlank();

        env.put("JAVA_HOME", Build.temurin25());
        Run.Result r25 = Run.run(version, env, Duration.ofSeconds(60));
        assertThat(r25.exit()).as(r25.describe()).isZero();
        assertThat(r25.err()).as(r25.describe()).doesNotContain("WARNING");
    }
}
