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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.ServiceStatus;
import org.pdsup.protocol.json.JsonLimits;
import org.pdsup.protocol.json.JsonReader;

/**
 * Issue 21: a {@code kill -9} of pdsupd while a re-exec hands over behaves like any other {@code kill -9}: the
 * non-persistent service and what its process group started end, and the persistent service is re-adopted, same
 * pid, by the next start. Real processes through the tarball's bin/pdsupd.
 */
class ReexecKillTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;
    Path install;
    Path home;
    Process daemon;
    final List<Long> toReap = new ArrayList<>();

    @BeforeEach
    void install() throws Exception {
        install = Tarball.unpack(tmp.resolve("install")).toRealPath();
        home = tmp.resolve("home");
        Files.createDirectories(home);
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            if (!daemon.waitFor(60, TimeUnit.SECONDS)) daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        for (long pid : toReap) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void killNineDuringTheHandoverEndsTheOthersAndTheNextStartReadoptsThePersistentOne() throws Exception {
        writeConfig();
        daemon = start();
        Map<String, ServiceStatus> before = awaitRunning(null);
        long plainPid = before.get("plain").pid();
        long keptPid = before.get("kept").pid();
        toReap.add(keptPid);
        // "plain" started a background sleep in its process group: it must end too
        long groupChild = awaitChildOf(plainPid);

        try (SocketChannel events = followEvents()) {
            Process reexec = pdctlProcess("reexec");
            awaitHandoverBegun(events);
            new ProcessBuilder("kill", "-KILL", Long.toString(daemon.pid())).start().waitFor();
            assertThat(daemon.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            reexec.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        // the parent-death signal ends the non-persistent service at once
        awaitGone(plainPid, "plain's process");
        assertThat(ProcessHandle.of(keptPid).map(ProcessHandle::isAlive)).as("the persistent service lives on")
                .contains(true);

        // the next start ends what is left of the other sessions and re-adopts the persistent service
        daemon = start();
        Map<String, ServiceStatus> after = awaitRunning(keptPid);
        awaitGone(groupChild, "the background process of plain's group");
        assertThat(after.get("kept").pid()).isEqualTo(keptPid);
        assertThat(after.get("kept").adopted()).isTrue();
        assertThat(after.get("plain").pid()).isNotEqualTo(plainPid);
        Run.Result down = pdctl("shutdown");
        assertThat(down.exit()).as(down.describe()).isZero();
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private void writeConfig() throws Exception {
        Files.writeString(home.resolve("pdsupd.conf"), "pdsupd {\n"
                + "  state-dir = \"" + home.resolve("state") + "\"\n"
                + "  log-dir = \"" + home.resolve("log") + "\"\n"
                + "  control { socket = \"" + home.resolve("pdsupd.sock") + "\", admins { users = [\""
                + System.getProperty("user.name") + "\"], groups = [] } }\n"
                + "  metrics { enabled = false }\n"
                + "}\nservices {\n"
                + "  plain { command = [/bin/sh, \"-c\", \"/bin/sleep 100001 & exec /bin/sleep 100000\"] }\n"
                + "  kept { command = [/bin/sleep, \"100002\"], persist = true }\n"
                + "}\n");
    }

    private Process start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(install.resolve("bin/pdsupd").toString(), "--config",
                home.resolve("pdsupd.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("pdsupd.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().remove("PDSUPD_JAVA_OPTS");
        return pb.start();
    }

    /** Both running; {@code keptPid} non-null: "kept" re-adopted with that pid. */
    private Map<String, ServiceStatus> awaitRunning(Long keptPid) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            assertThat(daemon.isAlive()).as("pdsupd exited: %s", log()).isTrue();
            Run.Result r = pdctlRun("status", "--json");
            if (r.exit() == 0 || r.exit() == 3) {
                Map<String, ServiceStatus> all = parse(r.out());
                ServiceStatus p = all.get("plain");
                ServiceStatus k = all.get("kept");
                if (p != null && k != null && p.state().equals("running") && k.state().equals("running")
                        && p.pid() > 0 && k.pid() > 0 && (keptPid == null || k.pid() == keptPid)) {
                    return all;
                }
            }
            assertThat(System.nanoTime()).as("services not running within %s: %s", WAIT, log()).isLessThan(deadline);
            Thread.sleep(300); // the product's own status, asked again
        }
    }

    private static long awaitChildOf(long pid) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            // the shell's background sleep: in plain's process group, a child of the shell that exec'd sleep
            for (ProcessHandle h : ProcessHandle.allProcesses().toList()) {
                if (h.parent().map(ProcessHandle::pid).orElse(-1L) == pid
                        && h.info().commandLine().orElse("").contains("100001")) {
                    return h.pid();
                }
            }
            assertThat(System.nanoTime()).as("plain's background sleep not found").isLessThan(deadline);
            Thread.sleep(100); // the shell starts it
        }
    }

    private static void awaitGone(long pid, String what) throws Exception {
        ProcessHandle h = ProcessHandle.of(pid).orElse(null);
        if (h == null) return;
        // not our child: onExit() watches it
        h.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(h.isAlive()).as(what + " ended").isFalse();
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

    private String log() throws Exception {
        Path l = home.resolve("pdsupd.log");
        return Files.exists(l) ? Files.readString(l) : "(no output)";
    }

    private SocketChannel followEvents() throws Exception {
        SocketChannel ch = SocketChannel.open(java.net.UnixDomainSocketAddress.of(home.resolve("pdsupd.sock")));
        ch.write(ByteBuffer.wrap(("{\"op\":\"hello\",\"id\":1,\"version\":1}\n"
                + "{\"op\":\"events\",\"id\":2,\"history\":false,\"follow\":true}\n")
                .getBytes(StandardCharsets.UTF_8)));
        awaitLine(ch, "\"streaming\":true");
        return ch;
    }

    /**
     * The handover's first event arrived (or its end frame). A stream that ends with neither is a defect: the exec
     * came before the follower's frames were written out (seen once at load ~20; FollowersLoopTest).
     */
    private static void awaitHandoverBegun(SocketChannel ch) throws Exception {
        StringBuilder seen = new StringBuilder();
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (seen.indexOf("\"service\":\"@pdsupd\"") < 0 && seen.indexOf("\"restarting\":true") < 0) {
            buf.clear();
            int n = ch.read(buf);
            if (n < 0) throw new AssertionError("the events stream ended without the handover's event: " + seen);
            seen.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
        }
    }

    private void awaitLine(SocketChannel ch, String text) throws Exception {
        StringBuilder seen = new StringBuilder();
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (seen.indexOf(text) < 0) {
            buf.clear();
            int n = ch.read(buf);
            assertThat(n).as("the stream ended before %s: %s; pdsupd's log: %s", text, seen, log()).isPositive();
            seen.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
        }
    }

    private Process pdctlProcess(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(install.resolve("bin/pdctl").toString(), "-s",
                home.resolve("pdsupd.sock").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("PDCTL_JAVA_OPTS");
        return pb.start();
    }

    private Run.Result pdctl(String... args) throws Exception {
        return pdctlRun(args);
    }

    private Run.Result pdctlRun(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(install.resolve("bin/pdctl").toString(), "-s",
                home.resolve("pdsupd.sock").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("PDCTL_JAVA_OPTS", null);
        return Run.run(cmd, env, WAIT);
    }
}
