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
import java.util.concurrent.TimeUnit;

/**
 * The tarball unpacked into {@code dir}, a configuration with the given services under that prefix, and
 * bin/pdsupd running it until {@link #close()}: for tests that drive bin/pdctl (completion, remote hosts,
 * progress on a terminal) as an administrator would.
 */
final class LiveDaemon implements AutoCloseable {
    /** pdctl's exit status when it cannot reach the daemon (yet). */
    private static final int UNREACHABLE = 69;

    final Path prefix;
    final Path config;
    final Path socket;
    private final Path log;
    private final Process daemon;

    private LiveDaemon(Path prefix, Path config, Path socket, Path log, Process daemon) {
        this.prefix = prefix;
        this.config = config;
        this.socket = socket;
        this.log = log;
        this.daemon = daemon;
    }

    /** {@code services}: the body of a {@code services { }} block. */
    static LiveDaemon start(Path dir, String services) throws Exception {
        Path prefix = Tarball.unpack(dir.resolve("p")).toRealPath();
        for (String d : List.of("var/db/pdsupd", "var/log/pdsupd", "var/run")) {
            Files.createDirectories(prefix.resolve(d));
        }
        Path socket = prefix.resolve("var/run/pdsupd.sock");
        Path config = prefix.resolve("etc/pdsupd/pdsupd.conf");
        Files.writeString(config, "pdsupd {\n"
                + "  state-dir = \"" + prefix.resolve("var/db/pdsupd") + "\"\n"
                + "  log-dir = \"" + prefix.resolve("var/log/pdsupd") + "\"\n"
                + "  control.socket = \"" + socket + "\"\n"
                + "  control.admins { users = [\"" + System.getProperty("user.name") + "\"], groups = [] }\n"
                + "  metrics.enabled = false\n"
                + "}\nservices {\n" + services + "\n}\n");
        Path log = dir.resolve("pdsupd.log");
        Process p = new ProcessBuilder(prefix.resolve("bin/pdsupd").toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        LiveDaemon d = new LiveDaemon(prefix, config, socket, log, p);
        d.awaitReachable();
        return d;
    }

    Path pdctlPath() {
        return prefix.resolve("bin/pdctl");
    }

    /** bin/pdctl -s SOCKET ARGS..., to its end. */
    Run.Result pdctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(pdctlPath().toString(), "-s", socket.toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("PDCTL_JAVA_OPTS", null);
        return Run.run(cmd, env, Duration.ofSeconds(120));
    }

    String log() throws Exception {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
    }

    /** Until pdctl reaches the daemon: its socket appears once the configuration is loaded. */
    private void awaitReachable() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            assertThat(daemon.isAlive()).as("pdsupd exited early; its output:\n%s", log()).isTrue();
            Run.Result r = pdctl("version");
            if (r.exit() == 0) return;
            assertThat(r.exit()).as(r.describe()).isEqualTo(UNREACHABLE);
            assertThat(System.nanoTime()).as("pdsupd did not answer within 60 s; its output:\n%s", log())
                    .isLessThan(deadline);
            Thread.sleep(200); // not listening yet: nothing to wait on but the socket file
        }
    }

    @Override
    public void close() {
        if (!daemon.isAlive()) return;
        daemon.destroy();
        try {
            if (!daemon.waitFor(60, TimeUnit.SECONDS)) daemon.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            daemon.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
