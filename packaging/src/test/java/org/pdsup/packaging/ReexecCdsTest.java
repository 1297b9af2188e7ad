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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libexec/pdsup-cds trains pdsupd's class-data archive with a live re-exec and the metrics endpoint, so that the
 * new program of a real re-exec (issue 21: the time no request is served) takes its take-over, its inherited
 * control socket and its metrics server from the archive instead of reading and verifying them from the jars.
 * The new program's class loading is logged to a file named by PID ({@code %p}): a re-exec keeps the PID, so that
 * file is the new program's alone.
 */
class ReexecCdsTest {
    private static final String SHARED = " source: shared objects file";

    @TempDir
    Path tmp;
    private Process daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            if (!daemon.waitFor(60, TimeUnit.SECONDS)) daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theNewProgramOfAReexecTakesOverWithClassesFromTheArchive() throws Exception {
        Path prefix = Tarball.unpack(tmp.resolve("prefix")).toRealPath();
        Map<String, String> env = new HashMap<>();
        env.put("PDSUPD_JAVA_OPTS", null);
        env.put("PDCTL_JAVA_OPTS", null);
        Run.Result cds = Run.run(List.of(prefix.resolve("libexec/pdsup-cds").toString()), env,
                Duration.ofSeconds(300));
        assertThat(cds.exit()).as(cds.describe()).isZero();
        assertThat(cds.out()).as(cds.describe()).contains("wrote " + prefix.resolve("lib/pdsup/pdsupd.jsa"));

        Path home = Files.createDirectories(tmp.resolve("home"));
        Path socket = home.resolve("pdsupd.sock");
        Files.writeString(home.resolve("pdsupd.conf"), "pdsupd {\n"
                + "  state-dir = \"" + home.resolve("state") + "\"\n"
                + "  log-dir = \"" + home.resolve("log") + "\"\n"
                + "  control { socket = \"" + socket + "\", admins { users = [\"" + System.getProperty("user.name")
                + "\"], groups = [] } }\n"
                + "  metrics.listen = \"127.0.0.1:" + TarballDaemon.freePort("127.0.0.1") + "\"\n"
                + "}\nservices {\n  idle { command = [/bin/sleep, \"1000\"] }\n}\n");
        Path log = home.resolve("pdsupd.log");
        ProcessBuilder pb = new ProcessBuilder(prefix.resolve("bin/pdsupd").toString(), "--config",
                home.resolve("pdsupd.conf").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("PDSUPD_JAVA_OPTS", "-Xlog:class+load=info:file=" + home.resolve("classes.%p.log"));
        daemon = pb.start();
        awaitReachable(prefix, socket, log);

        Run.Result reexec = pdctl(prefix, socket, "reexec");
        assertThat(reexec.exit()).as(reexec.describe()).isZero();
        assertThat(reexec.out()).as(reexec.describe()).contains("re-exec complete: took over 1 services");
        assertThat(Files.readString(log)).contains("re-exec complete");

        String loaded = Files.readString(home.resolve("classes." + daemon.pid() + ".log"));
        assertThat(loaded).as("the new program's class loading").contains(
                "org.pdsup.daemon.supervisor.Takeover" + SHARED,
                "org.pdsup.daemon.reexec.HandoverRead" + SHARED,
                "org.pdsup.daemon.reexec.HandoverCodec" + SHARED,
                "org.pdsup.daemon.InheritedControlSocket" + SHARED,
                "org.pdsup.daemon.metrics.MetricsServer" + SHARED);
    }

    private static Run.Result pdctl(Path prefix, Path socket, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(prefix.resolve("bin/pdctl").toString(), "-s", socket.toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("PDCTL_JAVA_OPTS", null);
        return Run.run(cmd, env, Duration.ofSeconds(120));
    }

    /** Until pdctl reaches the daemon: its socket appears once the configuration is loaded. */
    private void awaitReachable(Path prefix, Path socket, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            assertThat(daemon.isAlive()).as("pdsupd exited early; its output:\n%s",
                    Files.readString(log, StandardCharsets.UTF_8)).isTrue();
            Run.Result r = pdctl(prefix, socket, "version");
            if (r.exit() == 0) return;
            assertThat(System.nanoTime()).as("pdsupd did not answer within 60 s: %s", r.describe())
                    .isLessThan(deadline);
            Thread.sleep(200); // not listening yet: nothing to wait on but the socket file
        }
    }
}
