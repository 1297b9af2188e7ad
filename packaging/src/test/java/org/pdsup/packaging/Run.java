package org.pdsup.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end, with a bounded wait, and keeps its exit status, standard output and error. */
final class Run {
    private Run() {
    }

    /** What a finished command left. */
    record Result(List<String> command, int exit, String out, String err) {
        /** For assertion messages. */
        String describe() {
            return String.join(" ", command) + "\n  exit " + exit + "\n  stdout: " + out + "\n  stderr: " + err;
        }
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of(), Duration.ofSeconds(60));
    }

    /**
     * @param env variables to set; a null value removes the variable
     */
    static Result run(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("pdsup-run", ".out");
        Path err = Files.createTempFile("pdsup-run", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            env.forEach((k, v) -> {
                if (v == null) pb.environment().remove(k);
                else pb.environment().put(k, v);
            });
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(List.copyOf(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The path of an executable on PATH, or a clear failure naming the package that provides it. */
    static String tool(String name, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        throw new AssertionError(name + " is not installed: run scripts/install-test-deps.sh (Debian package '"
                + debianPackage + "')");
    }
}
