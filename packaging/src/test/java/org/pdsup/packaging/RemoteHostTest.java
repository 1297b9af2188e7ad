package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pdctl -H} through a real sshd (Debian's openssh-server, started here on a private port of 127.0.0.1
 * with throwaway host and user keys) to a pdsupd from the tarball: the same output, --json and exit codes as
 * locally; an unreachable host is exit 69 with ssh's own message.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RemoteHostTest {
    @TempDir
    static Path dir;
    static LiveDaemon daemon;
    static Process sshd;
    static int port;
    static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        daemon = LiveDaemon.start(dir.resolve("d"), """
                web { command = [/bin/sleep, "3600"] }
                idle { command = [/bin/sleep, "3600"], autostart = false }
                """);
        String sshdPath = "/usr/sbin/sshd";
        assertThat(Path.of(sshdPath)).as("openssh-server is not installed: run scripts/install-test-deps.sh").exists();
        Path keys = Files.createDirectories(dir.resolve("ssh"));
        for (String key : List.of("host_key", "id")) {
            Run.Result r = Run.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keys.resolve(key).toString()));
            assertThat(r.exit()).as(r.describe()).isZero();
        }
        Files.copy(keys.resolve("id.pub"), keys.resolve("authorized_keys"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = keys.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + keys.resolve("host_key"),
                "PidFile " + keys.resolve("sshd.pid"), "AuthorizedKeysFile " + keys.resolve("authorized_keys"),
                "StrictModes no", "UsePAM no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password", "LogLevel INFO", ""));
        Files.createDirectories(Path.of("/run/sshd")); // its privilege-separation directory
        sshd = new ProcessBuilder(sshdPath, "-D", "-e", "-f", config.toString()).redirectErrorStream(true).start();
        BufferedReader log = new BufferedReader(new InputStreamReader(sshd.getInputStream(), StandardCharsets.UTF_8));
        List<String> said = new ArrayList<>();
        for (String line = log.readLine(); ; line = log.readLine()) {
            assertThat(line).as("sshd ended before listening: %s", said).isNotNull();
            said.add(line);
            if (line.contains("Server listening on 127.0.0.1 port " + port)) break;
        }
        Thread drain = new Thread(() -> {
            try {
                while (log.readLine() != null) {
                    // keep sshd's pipe from filling up
                }
            } catch (java.io.IOException ignored) {
                // sshd has ended
            }
        });
        drain.setDaemon(true);
        drain.start();

        env = new HashMap<>();
        env.put("PDCTL_SSH", "ssh -i " + keys.resolve("id") + " -o UserKnownHostsFile=" + keys.resolve("known_hosts")
                + " -o StrictHostKeyChecking=accept-new -o BatchMode=yes -o LogLevel=ERROR");
        env.put("PDCTL_REMOTE_PDCTL", daemon.pdctlPath().toString());
        env.put("PDCTL_JAVA_OPTS", null);
        env.put("PDCTL_SOCKET", null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.destroy();
            sshd.waitFor(30, TimeUnit.SECONDS);
        }
        if (daemon != null) daemon.close();
    }

    private static Run.Result pdctl(String host, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(daemon.pdctlPath().toString(), "-H", host));
        cmd.addAll(List.of(args));
        return Run.run(cmd, env, Duration.ofSeconds(120));
    }

    private static String here() {
        return System.getProperty("user.name") + "@127.0.0.1:" + port;
    }

    @Test
    void statusJsonAndExitCodesAreThoseOfTheRemoteDaemon() throws Exception {
        Run.Result status = pdctl(here(), "-s", daemon.socket.toString(), "status");
        assertThat(status.exit()).as(status.describe()).isZero();
        assertThat(status.out()).startsWith("NAME").containsPattern("web +running").containsPattern("idle +stopped");

        Run.Result json = pdctl(here(), "--json", "-s", daemon.socket.toString(), "status", "web");
        Run.Result local = daemon.pdctl("--json", "status", "web");
        assertThat(json.exit()).as(json.describe()).isZero();
        assertThat(json.out().replaceAll("\"(since_seconds|uptime_seconds)\":\\d+", ""))
                .isEqualTo(local.out().replaceAll("\"(since_seconds|uptime_seconds)\":\\d+", ""));

        Run.Result notRunning = pdctl(here(), "-s", daemon.socket.toString(), "pid", "idle");
        assertThat(notRunning.exit()).as(notRunning.describe()).isEqualTo(3);
        Run.Result unknown = pdctl(here(), "-s", daemon.socket.toString(), "stop", "wbe");
        assertThat(unknown.exit()).isEqualTo(4);
        assertThat(unknown.err()).contains("no service named 'wbe'").contains("did you mean 'web'?");
        Run.Result started = pdctl(here(), "-s", daemon.socket.toString(), "start", "idle");
        assertThat(started.exit()).as(started.describe()).isZero();
        assertThat(daemon.pdctl("status", "idle").exit()).isZero();
    }

    @Test
    void aRemoteDaemonThatCannotBeReachedIsExit69WithTheRemoteMessage() throws Exception {
        Path none = dir.resolve("none.sock");
        Run.Result r = pdctl(here(), "-s", none.toString(), "status");
        assertThat(r.exit()).as(r.describe()).isEqualTo(69);
        assertThat(r.err()).contains("127.0.0.1:" + port + ": cannot connect to " + none + ": no such file");
    }

    @Test
    void anUnreachableHostIsExit69WithSshsMessage() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run.Result r = pdctl("127.0.0.1:" + closed, "status");
        assertThat(r.exit()).as(r.describe()).isEqualTo(69);
        assertThat(r.err()).startsWith("pdctl: cannot reach 127.0.0.1:" + closed + " through ssh: ")
                .contains("connect to host 127.0.0.1 port " + closed + ": Connection refused");
        assertThat(pdctl("host:notaport", "status").exit()).isEqualTo(2);
    }
}
