package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.pdsup.protocol.ServiceStatus;
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;

/**
 * An installed tarball's bin/pdsupd as the re-exec tests drive it: a configuration under {@code home} (state,
 * logs, control socket and pdsupd's own output there), started (again, after a kill) through {@code prefix}, which
 * may be a symbolic link switched to another installation, and asked with bin/pdctl. Unlike {@link TarballDaemon}
 * it may be started more than once, with an environment of the test's, and it knows nothing of the services.
 * {@link #close()} ends the daemon and every process handed to {@link #reapAtClose(long)}.
 */
final class InstalledDaemon {
    final Path prefix;
    final Path home;
    final Duration wait;
    private final List<Long> toReap = new ArrayList<>();
    private Process process;

    private InstalledDaemon(Path prefix, Path home, Duration wait) {
        this.prefix = prefix;
        this.home = home;
        this.wait = wait;
    }

    /** {@code home} is created; nothing runs until {@link #start(Map)}. */
    static InstalledDaemon at(Path prefix, Path home, Duration wait) throws Exception {
        Files.createDirectories(home);
        return new InstalledDaemon(prefix, home, wait);
    }

    Path config() {
        return home.resolve("pdsupd.conf");
    }

    Path socket() {
        return home.resolve("pdsupd.sock");
    }

    /**
     * Writes pdsupd.conf: state, log directory and control socket under {@code home} (this user the only admin),
     * then {@code settings} (more lines of the pdsupd block, each ending in a newline) and {@code services} (the
     * body of the services block).
     */
    void writeConfig(String settings, String services) throws Exception {
        Files.writeString(config(), "pdsupd {\n"
                + "  state-dir = \"" + home.resolve("state") + "\"\n"
                + "  log-dir = \"" + home.resolve("log") + "\"\n"
                + "  control { socket = \"" + socket() + "\", admins { users = [\""
                + System.getProperty("user.name") + "\"], groups = [] } }\n"
                + settings
                + "}\nservices {\n" + services + "}\n");
    }

    /**
     * Starts bin/pdsupd with the configuration, without the caller's PDSUPD_JAVA_OPTS but with {@code env}, its
     * output appended to home/pdsupd.log, and returns at once.
     */
    Process start(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(prefix.resolve("bin/pdsupd").toString(), "--config",
                config().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("pdsupd.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().remove("PDSUPD_JAVA_OPTS");
        pb.environment().putAll(env);
        process = pb.start();
        return process;
    }

    /** The daemon last started. */
    Process process() {
        return process;
    }

    /** pdsupd's output so far. */
    String log() throws Exception {
        Path l = home.resolve("pdsupd.log");
        return Files.exists(l) ? Files.readString(l) : "(no output)";
    }

    /** bin/pdctl -s SOCKET ARGS..., without the caller's PDCTL_JAVA_OPTS, to its end (bounded by the wait). */
    Run.Result pdctl(String... args) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PDCTL_JAVA_OPTS", null);
        return Run.run(pdctlCommand(args), env, wait);
    }

    /** bin/pdctl -s SOCKET ARGS..., not started: for a pdctl that runs while the test goes on. */
    ProcessBuilder pdctlProcess(String... args) {
        ProcessBuilder pb = new ProcessBuilder(pdctlCommand(args));
        pb.environment().remove("PDCTL_JAVA_OPTS");
        return pb;
    }

    private List<String> pdctlCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(prefix.resolve("bin/pdctl").toString(), "-s",
                socket().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Until pdctl reaches the daemon ({@code version}: not status, which exits 3 when a service is fatal). */
    void awaitReachable() throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            assertThat(process.isAlive()).as("pdsupd exited early; its output:\n%s", log()).isTrue();
            Run.Result r = pdctl("version");
            if (r.exit() == 0) return;
            assertThat(System.nanoTime()).as("pdsupd did not answer within %s: %s", wait, r.describe())
                    .isLessThan(deadline);
            Thread.sleep(200); // not listening yet: nothing to wait on but the socket file
        }
    }

    /**
     * Until {@code status --json} answers (exit 0, or 3 with a service fatal) with services for which {@code done}
     * holds, and returns them by name; fails if pdsupd exits or the wait runs out, saying {@code what}.
     */
    Map<String, ServiceStatus> awaitStatus(Predicate<Map<String, ServiceStatus>> done, String what)
            throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            assertThat(process.isAlive()).as("pdsupd exited: %s", log()).isTrue();
            Run.Result r = pdctl("status", "--json");
            if (r.exit() == 0 || r.exit() == 3) {
                Map<String, ServiceStatus> all = parse(r.out());
                if (done.test(all)) return all;
            }
            assertThat(System.nanoTime()).as("not within %s: %s; %s", wait, what, log()).isLessThan(deadline);
            Thread.sleep(300); // the product's own status, asked again
        }
    }

    /** {@code status --json} now, by service name. */
    Map<String, ServiceStatus> statusByName() throws Exception {
        Run.Result r = pdctl("status", "--json");
        assertThat(r.exit()).as(r.describe()).isIn(0, 3);
        return parse(r.out());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ServiceStatus> parse(String json) throws Exception {
        Map<String, ServiceStatus> all = new HashMap<>();
        JsonReader reader = new JsonReader(JsonLimits.PROTOCOL);
        for (String line : json.lines().filter(l -> !l.isBlank()).toList()) {
            Map<String, Object> frame = (Map<String, Object>) reader.parse(line.getBytes(StandardCharsets.UTF_8));
            if (frame.get("services") instanceof List<?> l) {
                for (Object s : l) {
                    ServiceStatus st = ServiceStatus.fromJson((Map<String, Object>) s);
                    all.put(st.name(), st);
                }
            }
        }
        return all;
    }

    /** An events follower on a connection of its own (hello first), its subscription in place. */
    SocketChannel followEvents() throws Exception {
        SocketChannel ch = SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket()));
        ch.write(ByteBuffer.wrap(("{\"op\":\"hello\",\"id\":1,\"version\":1}\n"
                + "{\"op\":\"events\",\"id\":2,\"history\":false,\"follow\":true}\n")
                .getBytes(StandardCharsets.UTF_8)));
        awaitLine(ch, "\"streaming\":true");
        return ch;
    }

    /** Reads (blocking) until a line containing {@code text} arrived; fails with pdsupd's log if the stream ends. */
    void awaitLine(SocketChannel ch, String text) throws Exception {
        try {
            awaitText(ch, text);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; pdsupd's log: " + log(), e);
        }
    }

    /** Reads (blocking) until a line containing {@code text} arrived; fails if the stream ends first. */
    static void awaitText(SocketChannel ch, String text) throws Exception {
        StringBuilder seen = new StringBuilder();
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (seen.indexOf(text) < 0) {
            buf.clear();
            int n = ch.read(buf);
            assertThat(n).as("the stream ended before %s: %s", text, seen).isPositive();
            seen.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
        }
    }

    /** A process the test started through the daemon that must not outlive the test (a persistent service). */
    void reapAtClose(long pid) {
        toReap.add(pid);
    }

    /** SIGTERM to the daemon, SIGKILL if it has not exited in 60 s; then SIGKILL to what {@link #reapAtClose} got. */
    void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        for (long pid : toReap) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}
