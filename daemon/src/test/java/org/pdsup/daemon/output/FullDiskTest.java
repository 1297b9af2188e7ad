package org.pdsup.daemon.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.config.OutputConfig;

/**
 * The log directory on a 1 MiB tmpfs: a service writing 4 MB runs to its end, whole lines only reach the
 * file, every byte is either in the file or counted as dropped, and once there is room again the notice
 * line says how many bytes were lost. Needs root (mount); skipped otherwise.
 */
class FullDiskTest {
    private static final Pattern NOTICE = Pattern.compile("pdsupd: dropped (\\d+) bytes of output");
    @TempDir
    Path base;
    private Path mount;
    private boolean mounted;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        mount = base.resolve("small");
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs (needs root): " + out.trim());
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void aFullDiskDropsCountsAndNeverStopsTheService() throws Exception {
        Path filler = mount.resolve("filler");
        Files.write(filler, new byte[256 * 1024]);
        OutputConfig cfg = ProcessOutputFixture.config(true, 0, 0, false, 4096, 1 << 20);
        long lines = 250_000;
        long first = 100_000_000_000_000L;
        try (ProcessOutputFixture fx = new ProcessOutputFixture(mount, 8L << 20)) {
            ProcessOutputFixture.Exit exit = fx.run("full", cfg, "seq " + first + " " + (first + lines - 1));
            assertThat(exit.status().code()).as("the service ran to its end").isZero();
            long dropped = fx.capture.droppedBytes("full");
            assertThat(dropped).isPositive();

            Path file = mount.resolve("full/output.log");
            String text = Files.readString(file);
            assertThat(text).endsWith("\n");
            long inFile = 0;
            long previous = 0;
            for (String line : text.split("\n")) {
                if (NOTICE.matcher(line).matches()) continue;
                assertThat(line).matches("\\d{15}");
                long v = Long.parseLong(line);
                assertThat(v).isGreaterThan(previous);
                previous = v;
                inFile += line.length() + 1;
            }
            assertThat(inFile + dropped).as("bytes in the file + bytes dropped = bytes written").isEqualTo(lines * 16);

            Files.delete(filler);
            fx.run("full", cfg, "echo room again");
            List<String> after = Files.readAllLines(file);
            assertThat(after.get(after.size() - 1)).isEqualTo("room again");
            long noticed = 0;
            for (String l : after) {
                Matcher m = NOTICE.matcher(l);
                if (m.matches()) noticed += Long.parseLong(m.group(1));
            }
            assertThat(noticed).as("the notice lines account for every dropped byte").isEqualTo(dropped);
        }
    }
}
