package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The unpacked tarball's bin/pdsupd, run by a test with a configuration of its own (state, logs and socket
 * under {@code home}, metrics on {@code metricsHost:metricsPort}), driven with the tarball's bin/pdctl.
 */
final class TarballDaemon implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** pdctl's exit status when it cannot reach the daemon (yet). */
    private static final int UNREACHABLE = 69;

    final Path prefix;
    final Path home;
    final Path config;
    final Path socket;
    final Path log;
    final String metricsAddress;
    private final Process process;

    private TarballDaemon(Path prefix, Path home, String metricsAddress, Process process) {
        this.prefix = prefix;
        this.home = home;
        this.config = home.resolve("pdsupd.conf");
        this.socket = home.resolve("pdsupd.sock");
        this.log = home.resolve("pdsupd.log");
        this.metricsAddress = metricsAddress;
        this.process = process;
    }

    /** Starts pdsupd with {@code services} (the body of a services block) and waits until pdctl reaches it. */
    static TarballDaemon start(Path prefix, Path home, String metricsHost, int metricsPort, String services)
            throws Exception {
        return start(prefix, home, metricsHost, metricsPort, services,
                ProcessBuilder.Redirect.to(home.resolve("pdsupd.log").toFile()));
    }

    /** As {@link #start(Path, Path, String, int, String)}, with standard output and error sent to {@code output}. */
    static TarballDaemon start(Path prefix, Path home, String metricsHost, int metricsPort, String services,
                               ProcessBuilder.Redirect output) throws Exception {
        TarballDaemon d = launch(prefix, home, metricsHost, metricsPort, services, output);
        try {
            d.awaitReachable();
        } catch (Throwable t) {
            d.close();
            throw t;
        }
        return d;
    }

    /** Starts pdsupd and returns at once: call {@link #awaitReachable()} before using it. */
    static TarballDaemon launch(Path prefix, Path home, String metricsHost, int metricsPort, String services)
            throws IOException {
        return launch(prefix, home, metricsHost, metricsPort, services,
                ProcessBuilder.Redirect.to(home.resolve("pdsupd.log").toFile()));
    }

    /**
     * Starts pdsupd with its standard output (and error) sent to {@code output}; with {@code Redirect.PIPE} it is a
     * pipe that nobody reads until the test reads {@link #stdout()}.
     */
    static TarballDaemon launch(Path prefix, Path home, String metricsHost, int metricsPort, String services,
                                ProcessBuilder.Redirect output) throws IOException {
        Files.createDirectories(home);
        String address = metricsHost + ":" + metricsPort;
        writeConfig(home, address, services);
        Process p = new ProcessBuilder(prefix.resolve("bin/pdsupd").toString(), "--config",
                home.resolve("pdsupd.conf").toString())
                .redirectErrorStream(true).redirectOutput(output)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        return new TarballDaemon(prefix, home, address, p);
    }

    /** pdsupd's standard output when launched with {@code Redirect.PIPE}. */
    java.io.InputStream stdout() {
        return process.getInputStream();
    }

    /** Whether pdsupd is still running. */
    boolean alive() {
        return process.isAlive();
    }

    /** Rewrites the configuration file (for a reload) with other services. */
    void rewrite(String services) throws IOException {
        writeConfig(home, metricsAddress, services);
    }

    private static void writeConfig(Path home, String metricsAddress, String services) throws IOException {
        Files.writeString(home.resolve("pdsupd.conf"), "pdsupd {\n"
                + "  state-dir = \"" + home.resolve("state") + "\"\n"
                + "  log-dir = \"" + home.resolve("log") + "\"\n"
                + "  control { socket = \"" + home.resolve("pdsupd.sock") + "\", admins { users = [\""
                + System.getProperty("user.name") + "\"], groups = [] } }\n"
                + "  metrics { enabled = true, listen = \"" + metricsAddress + "\" }\n"
                + "}\nservices {\n" + services + "\n}\n");
    }

    /** Waits (bounded) until pdctl reaches the daemon. */
    void awaitReachable() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            assertThat(process.isAlive()).as("pdsupd exited: %s", output()).isTrue();
            Run.Result r = pdctlRun("version"); // not status: it exits 3 when a service is fatal
            if (r.exit() == 0) return;
            assertThat(r.exit()).as(r.describe()).isEqualTo(UNREACHABLE);
            assertThat(System.nanoTime()).as("pdsupd did not answer within %s: %s", WAIT, output())
                    .isLessThan(deadline);
            Thread.sleep(200);                                       // still starting: no socket yet
        }
    }

    /** Runs pdctl against this daemon and expects exit status 0. */
    void pdctl(String... args) throws Exception {
        Run.Result r = pdctlRun(args);
        assertThat(r.exit()).as(r.describe()).isZero();
    }

    /** Runs pdctl against this daemon, expects exit status 0 and returns its standard output. */
    String pdctlOutput(String... args) throws Exception {
        Run.Result r = pdctlRun(args);
        assertThat(r.exit()).as(r.describe()).isZero();
        return r.out();
    }

    Run.Result pdctlRun(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(prefix.resolve("bin/pdctl").toString(), "-s", socket.toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("PDCTL_JAVA_OPTS", null);
        return Run.run(cmd, env, WAIT);
    }

    /** pdsupd's process ID (bin/pdsupd execs the JVM launcher in place). */
    long pid() {
        return process.pid();
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no output)";
    }

    /** SIGTERM, and SIGKILL if it has not exited in 30 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** A TCP port free on {@code host} now. */
    static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }
}
