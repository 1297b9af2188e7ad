package org.pdsup.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real pdsupd process started by a test, with its log lines collected. */
final class DaemonProcess implements AutoCloseable {
    private static final Pattern TRANSITION = Pattern.compile("(\\S+): (\\S+) -> (\\S+) pid (\\d+)");

    final Process process;
    final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private DaemonProcess(Process p, Path log) {
        this.process = p;
        // pdsupd writes to a file that this thread follows: reading the child's pipe directly races with the
        // JDK's process reaper, which closes the pipe stream when the child exits and loses its last lines.
        Thread t = new Thread(() -> {
            try (java.io.InputStream in = Files.newInputStream(log)) {
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                StringBuilder partial = new StringBuilder();
                while (true) {
                    int c = r.read();
                    if (c < 0) {
                        if (!p.isAlive() && r.ready() == false && in.available() == 0) {
                            if (exitedAndDrained(p, in)) break;
                        }
                        Thread.sleep(10);
                        continue;
                    }
                    if (c == '\n') {
                        synchronized (lines) {
                            lines.add(partial.toString());
                            lines.notifyAll();
                        }
                        partial.setLength(0);
                    } else {
                        partial.append((char) c);
                    }
                }
            } catch (IOException | InterruptedException ignored) {
                // the test is over
            }
        }, "pdsupd-output");
        t.setDaemon(true);
        t.start();
        this.reader = t;
    }

    private static boolean exitedAndDrained(Process p, java.io.InputStream in) throws IOException {
        return !p.isAlive() && in.available() == 0;
    }

    /** Starts {@code pb} with its output going to a file that is followed line by line. */
    static DaemonProcess start(ProcessBuilder pb) throws IOException {
        Path log = Files.createTempFile("pdsupd-", ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new DaemonProcess(pb.start(), log);
    }

    static DaemonProcess start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dpdsup.exec.helper=" + System.getProperty("pdsup.exec.helper"));
        cmd.add("-XX:+UseSerialGC");
        cmd.add("org.pdsup.daemon.Main");
        cmd.addAll(List.of(args));
        return start(new ProcessBuilder(cmd));
    }

    /** Writes a config with its state under {@code dir} and the given services block. */
    static Path config(Path dir, String services) throws IOException {
        Path file = dir.resolve("pdsupd.conf");
        Files.writeString(file, "pdsupd {\n"
                + "  state-dir = \"" + dir.resolve("state") + "\"\n"
                + "  log-dir = \"" + dir.resolve("log") + "\"\n"
                + "  control.socket = \"" + dir.resolve("pdsupd.sock") + "\"\n"
                + "  metrics.enabled = false\n"
                + "}\nservices {\n" + services + "\n}\n");
        return file;
    }

    /** Waits for a log line matching {@code regex} (after {@code from} lines); returns its match. */
    Matcher awaitLine(String regex, int from, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int i = from;
            while (true) {
                for (; i < lines.size(); i++) {
                    Matcher m = p.matcher(lines.get(i));
                    if (m.find()) return m;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no line matching /" + regex + "/ within " + timeout + "; output:\n"
                            + String.join("\n", lines));
                }
                lines.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** The PID of {@code service}'s running process, from its "-> running pid N" log line. */
    int runningPid(String service, Duration timeout) throws InterruptedException {
        return Integer.parseInt(awaitLine(Pattern.quote(service) + ": \\S+ -> running pid (\\d+)", 0, timeout)
                .group(1));
    }

    int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** Everything pdsupd printed so far; once it has exited, everything it printed. */
    String output() {
        if (!process.isAlive()) {
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static Pattern transition() {
        return TRANSITION;
    }
}
