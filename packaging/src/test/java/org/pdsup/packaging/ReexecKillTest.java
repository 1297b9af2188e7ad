package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.ServiceStatus;

/**
 * Issue 21: a {@code kill -9} of pdsupd while a re-exec hands over behaves like any other {@code kill -9}: the
 * non-persistent service and what its process group started end, and the persistent service is re-adopted, same
 * pid, by the next start. Real processes through the tarball's bin/pdsupd.
 */
class ReexecKillTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;
    InstalledDaemon d;

    @BeforeEach
    void install() throws Exception {
        Path install = Tarball.unpack(tmp.resolve("install")).toRealPath();
        d = InstalledDaemon.at(install, tmp.resolve("home"), WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        if (d != null) d.close();
    }

    @Test
    void killNineDuringTheHandoverEndsTheOthersAndTheNextStartReadoptsThePersistentOne() throws Exception {
        writeConfig();
        Process daemon = d.start(Map.of());
        Map<String, ServiceStatus> before = awaitRunning(null);
        long plainPid = before.get("plain").pid();
        long keptPid = before.get("kept").pid();
        d.reapAtClose(keptPid);
        // "plain" started a background sleep in its process group: it must end too
        long groupChild = awaitChildOf(plainPid);

        try (SocketChannel events = d.followEvents()) {
            Process reexec = d.pdctlProcess("reexec").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
        daemon = d.start(Map.of());
        Map<String, ServiceStatus> after = awaitRunning(keptPid);
        awaitGone(groupChild, "the background process of plain's group");
        assertThat(after.get("kept").pid()).isEqualTo(keptPid);
        assertThat(after.get("kept").adopted()).isTrue();
        assertThat(after.get("plain").pid()).isNotEqualTo(plainPid);
        Run.Result down = d.pdctl("shutdown");
        assertThat(down.exit()).as(down.describe()).isZero();
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private void writeConfig() throws Exception {
        d.writeConfig("  metrics { enabled = false }\n",
                "  plain { command = [/bin/sh, \"-c\", \"/bin/sleep 100001 & exec /bin/sleep 100000\"] }\n"
                + "  kept { command = [/bin/sleep, \"100002\"], persist = true }\n");
    }

    /** Both running; {@code keptPid} non-null: "kept" re-adopted with that pid. */
    private Map<String, ServiceStatus> awaitRunning(Long keptPid) throws Exception {
        return d.awaitStatus(all -> {
            ServiceStatus p = all.get("plain");
            ServiceStatus k = all.get("kept");
            return p != null && k != null && p.state().equals("running") && k.state().equals("running")
                    && p.pid() > 0 && k.pid() > 0 && (keptPid == null || k.pid() == keptPid);
        }, "services running");
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
}
