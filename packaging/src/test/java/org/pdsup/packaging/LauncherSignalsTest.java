package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What libexec/pdsup-jvm does to signals on Linux, checked on the installed pdsupd.
 *
 * <p>SIGCHLD: the installed pdsupd takes SIGCHLD from a signalfd (procdesc ChildSignalFd) rather than through the JVM's signal
 * dispatch, which starts a thread per signal: pdsup-jvm blocks it before the JVM exists. What must hold: it is
 * blocked in every thread of pdsupd (else the kernel would discard it at a thread with the default disposition
 * and no orphan would be reaped on its exit), not in the services pdsupd spawns (a shell whose SIGCHLD is blocked
 * still works, but a program that waits for it with sigsuspend would hang), and an orphan adopted by pdsupd is
 * reaped when it exits with no other exit to prompt the reaper.
 *
 * <p>HotSpot's suspend/resume signal is moved off SIGUSR2, which is pdsupd's re-exec signal (its handler replaced
 * HotSpot's, and a JFR recording's sampler re-executed pdsupd), and the variable that moves it does not reach the
 * services.
 */
class LauncherSignalsTest {
    private static final long SIGCHLD_BIT = 1L << (17 - 1); // Linux SIGCHLD = 17 (bits/signum-arch.h)

    @TempDir
    Path tmp;

    @Test
    void sigchldIsBlockedInPdsupdNotInItsServicesAndAnOrphanIsReapedOnItsExit() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "Linux: signalfd");
        Path prefix = Tarball.unpack(tmp.resolve("p")).toRealPath();
        Path orphanPid = tmp.resolve("orphan.pid");
        Path release = tmp.resolve("release");
        // the background subshell outlives its parent subshell: adopted by pdsupd (the subreaper); it ends when
        // the test creates the release file, long after the service's start, so only SIGCHLD can prompt its reap
        String script = "( (while [ ! -e " + release + " ]; do sleep 0.05; done; exit 0) & echo $! > " + orphanPid
                + " ); exec sleep 3600";
        try (TarballDaemon d = TarballDaemon.start(prefix, tmp.resolve("daemon"), "127.0.0.1",
                TarballDaemon.freePort("127.0.0.1"), "orphaner { command = [/bin/sh, -c, \"" + script
                        + "\"], restart = always }")) {
            d.pdctl("wait", "orphaner", "--timeout", "30s");
            for (Path task : tasks(d.pid())) {
                Long blocked = sigBlk(task.resolve("status"));
                if (blocked == null) continue;
                assertThat(blocked & SIGCHLD_BIT).as("SIGCHLD blocked in pdsupd thread %s (%s)", task.getFileName(),
                        Files.readString(task.resolve("comm")).strip()).isNotZero();
            }
            long orphan = awaitPid(orphanPid);
            assertThat(ppid(orphan)).as("the orphan %d was adopted by pdsupd", orphan).isEqualTo(d.pid());
            long service = Long.parseLong(d.pdctlOutput("pid", "orphaner").strip());
            assertThat(sigBlk(Path.of("/proc", Long.toString(service), "status")))
                    .as("the service's blocked signals").isZero();
            Files.createFile(release);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (Files.exists(Path.of("/proc", Long.toString(orphan)))) {
                assertThat(System.nanoTime()).as("orphan %d (state %s) not reaped within 30 s of its exit; pdsupd:\n%s",
                        orphan, state(orphan), d.output()).isLessThan(deadline);
                Thread.sleep(50); // reaped = gone from /proc: nothing else tells of it
            }
        }
    }

    private static List<Path> tasks(long pid) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var s = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            s.forEach(out::add);
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private static Long sigBlk(Path status) throws IOException {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigBlk:")) return Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
            return null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static long ppid(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("PPid:")) return Long.parseLong(line.substring(5).trim());
        }
        throw new IllegalStateException("no PPid in /proc/" + pid + "/status");
    }

    private static String state(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("State:")).findFirst().orElse("?");
        } catch (IOException e) {
            return "gone";
        }
    }

    private static long awaitPid(Path file) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            if (Files.exists(file)) {
                String text = Files.readString(file).strip();
                if (!text.isEmpty()) return Long.parseLong(text);
            }
            assertThat(System.nanoTime()).as("the service did not write %s", file).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void hotspotsSuspendSignalIsNotSigusr2AndItsVariableDoesNotReachTheServices() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "Linux: pdsup-jvm's choice");
        Path prefix = Tarball.unpack(tmp.resolve("p")).toRealPath();
        try (TarballDaemon d = TarballDaemon.start(prefix, tmp.resolve("daemon"), "127.0.0.1",
                TarballDaemon.freePort("127.0.0.1"), "sleeper { command = [/bin/sleep, \"3600\"] }")) {
            d.pdctl("wait", "sleeper", "--timeout", "30s");
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Run.Result info = Run.run(List.of(jcmd.toString(), Long.toString(d.pid()), "VM.info"), Map.of(),
                    java.time.Duration.ofSeconds(60));
            assertThat(info.exit()).as(info.describe()).isZero();
            List<String> handlers = info.out().lines().filter(l -> l.contains("SR_handler")).toList();
            assertThat(handlers).as("HotSpot's suspend/resume handler in:%n%s", info.out()).hasSize(1);
            assertThat(handlers.get(0).strip()).startsWith("SIGRTMIN+6:");
            long service = Long.parseLong(d.pdctlOutput("pid", "sleeper").strip());
            String environ = Files.readString(Path.of("/proc", Long.toString(service), "environ"));
            assertThat(environ).as("the service's environment").doesNotContain("_JAVA_SR_SIGNUM");
        }
    }
}
