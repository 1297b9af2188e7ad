package org.pdsup.daemon.metrics;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code promtool check metrics} (package {@code prometheus}) on a scrape. */
final class Promtool {
    private Promtool() {}

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    /** Skips the calling test, saying how to get promtool, when it is not installed. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(PROMTOOL),
                "promtool is not installed: apt-get install prometheus (or scripts/install-test-deps.sh)");
    }

    record Result(int exitCode, String output) { }

    static Result checkMetrics(byte[] scrape) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(scrape);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool check metrics did not finish in 60 s");
        }
        return new Result(p.exitValue(), out);
    }
}
