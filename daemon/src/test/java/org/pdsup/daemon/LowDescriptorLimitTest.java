package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 defect 10: a real pdsupd under a low {@code RLIMIT_NOFILE} warns at start, and spawns a service
 * with 16 inherited descriptors while descriptors are still free. The old plan moved every descriptor through
 * temporaries above the highest one in use (about 20 above it here), which glibc refused with EBADF.
 */
class LowDescriptorLimitTest {
    /** Inherited descriptors 3..18, passed to the service under the same numbers. */
    private static final int FIRST = 3;
    private static final int LAST = 18;
    /**
     * Headroom above the highest descriptor in use when the limit is lowered: the spawn needs about 11 (the
     * control connection, two output pipes, /dev/null, the status pipe, the log file, the process
     * descriptor); the old plan needed about 28 (its 20 temporaries above the new pipes).
     */
    private static final int HEADROOM = 18;

    @TempDir
    Path tmp;

    private static String pdctl(Path socket, String... args) {
        InProcessPdctl.Result r = InProcessPdctl.run(socket, args);
        return r.code() + " " + r.out() + r.err();
    }

    private static int highestDescriptor(long pid) throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.mapToInt(p -> Integer.parseInt(p.getFileName().toString())).max().orElseThrow();
        }
    }

    @Test
    void spawnSucceedsCloseToTheLimit() throws Exception {
        StringBuilder inherit = new StringBuilder();
        StringBuilder opens = new StringBuilder();
        for (int fd = FIRST; fd <= LAST; fd++) {
            inherit.append(fd == FIRST ? "" : ", ").append(fd);
            opens.append(' ').append(fd).append("</dev/null");
        }
        Path cfg = DaemonProcess.config(tmp, "wide { command = [\"/bin/sleep\", \"1000\"], autostart = false, "
                + "inherit-fds = [" + inherit + "] }\n");
        Path socket = tmp.resolve("pdsupd.sock");
        List<String> cmd = new ArrayList<>(List.of("prlimit", "--nofile=150", "/bin/bash", "-c",
                "exec" + opens + " \"$0\" \"$@\""));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "-Dpdsup.exec.helper=" + System.getProperty("pdsup.exec.helper"), "-XX:+UseSerialGC",
                "org.pdsup.daemon.Main", "--config", cfg.toString()));
        try (DaemonProcess d = DaemonProcess.start(new ProcessBuilder(cmd))) {
            d.awaitLine("boot complete", 0, Duration.ofSeconds(60));
            assertThat(d.output()).contains("the descriptor limit (RLIMIT_NOFILE) is 150, below the 161 that "
                    + "1 service may need");
            assertThat(pdctl(socket, "status")).contains("wide"); // the connection path is warm

            long pid = d.process.pid(); // prlimit and bash exec'd: one pid
            int limit = highestDescriptor(pid) + HEADROOM;
            assertThat(limit).as("headroom must leave the limit below 150").isLessThan(150);
            Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--nofile=" + limit)
                    .inheritIO().start();
            assertThat(p.waitFor()).isZero();

            String start = pdctl(socket, "start", "wide");
            assertThat(start).as("limit %d; pdsupd output:%n%s", limit, d.output()).startsWith("0 ");
            assertThat(pdctl(socket, "--json", "status", "wide")).contains("\"state\":\"running\"");
            pdctl(socket, "stop", "wide");
        }
    }
}
