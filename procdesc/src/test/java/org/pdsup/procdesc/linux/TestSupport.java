package org.pdsup.procdesc.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.SpawnSpec;

/** Shared helpers of the Linux backend tests: test programs, /proc readers, both spawn modes. */
final class TestSupport {
    private TestSupport() {}

    static Stream<SpawnMode> modes() {
        return Stream.of(SpawnMode.values());
    }

    /** The modes that run the exec helper for a spec with helper duties (all but the fork server). */
    static Stream<SpawnMode> helperModes() {
        return Stream.of(SpawnMode.HELPER_FORK, SpawnMode.DIRECT);
    }

    static Path testLibexec() {
        return Path.of(System.getProperty("pdsup.test.libexec", "target/test-libexec"));
    }

    /** The compiled {@code src/test/c/testchild.c}. */
    static String testchild() {
        return testLibexec().resolve("testchild").toAbsolutePath().toString();
    }

    /** A spec with stdin, stdout and stderr on /dev/null (the test JVM's stdout is surefire's channel). */
    static SpawnSpec.Builder quiet(String... argv) {
        return SpawnSpec.builder(List.of(argv)).stdin(Redirect.devNull()).stdout(Redirect.devNull())
                .stderr(Redirect.devNull());
    }

    static int self() {
        return (int) ProcessHandle.current().pid();
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Descriptor numbers open in process {@code pid} (/proc/PID/fd). */
    static Set<Integer> openFds(int pid) {
        Set<Integer> fds = new TreeSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc", Integer.toString(pid), "fd"))) {
            for (Path p : dir) fds.add(Integer.parseInt(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fds;
    }

    /**
     * The child's descriptors once they match {@code expected}, or after 3 s whatever they are then. Right after
     * exec the dynamic loader of sleep(1) opens ld.so.cache and libc.so.6 for a moment, at the lowest free
     * number (3), so one early look can see a descriptor the spawn never gave; a leaked one stays.
     */
    static Set<Integer> settledFds(int pid, Integer... expected) throws InterruptedException {
        Set<Integer> want = new TreeSet<>(java.util.List.of(expected));
        long deadline = System.nanoTime() + 3_000_000_000L;
        Set<Integer> fds = openFds(pid);
        while (!fds.equals(want) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            fds = openFds(pid);
        }
        return fds;
    }

    /** Spawns {@code spec} from a thread that ends right after; the spawned process's descriptor. */
    static org.pdsup.procdesc.ProcessDescriptor spawnOnShortLivedThread(LinuxProcessDescriptors pds, SpawnSpec spec)
            throws Exception {
        java.util.concurrent.atomic.AtomicReference<org.pdsup.procdesc.ProcessDescriptor> spawned =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                spawned.set(pds.spawn(spec));
            } catch (Exception e) {
                failed.set(e);
            }
        }, "short-lived-spawner");
        t.start();
        t.join();
        if (failed.get() != null) throw failed.get();
        return spawned.get();
    }

    static int selfFdCount() {
        return openFds(self()).size();
    }

    /** Zombies whose parent is this JVM. */
    static List<Integer> zombieChildren() {
        List<Integer> zombies = new ArrayList<>();
        for (int pid : OrphanReaper.children()) {
            ProcStat.read(pid).filter(s -> s.state() == 'Z').ifPresent(s -> zombies.add(pid));
        }
        return zombies;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of {@code key:} in /proc/PID/status, tabs collapsed to single spaces. */
    static String statusField(int pid, String key) {
        for (String line : read(Path.of("/proc", Integer.toString(pid), "status")).split("\n")) {
            if (line.startsWith(key + ":")) return line.substring(key.length() + 1).trim().replaceAll("\\s+", " ");
        }
        throw new AssertionError("no " + key + " in /proc/" + pid + "/status");
    }
}
