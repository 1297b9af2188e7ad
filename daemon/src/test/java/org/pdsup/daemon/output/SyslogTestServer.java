package org.pdsup.daemon.output;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A "syslog daemon" on a Unix datagram socket, made by python3 (Java has no datagram server): binds
 * {@code path}, prints "ready", then one line per datagram (its bytes in hex). With {@link #holding} it reads
 * nothing until {@link #release}, like a daemon that does not keep up.
 */
final class SyslogTestServer implements AutoCloseable {
    private static final String SCRIPT = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind(sys.argv[1])",
            "print('ready', flush=True)",
            "if sys.argv[2] == 'hold': sys.stdin.readline()",
            "while True:",
            "    d = s.recv(1 << 17)",
            "    sys.stdout.write(d.hex() + '\\n')",
            "    sys.stdout.flush()",
            "");

    private final Process process;
    private final Thread reader;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private SyslogTestServer(Path path, boolean hold) throws IOException, InterruptedException {
        process = new ProcessBuilder(python(), "-c", SCRIPT, path.toString(), hold ? "hold" : "read")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String l; (l = in.readLine()) != null; ) lines.add(l);
            } catch (IOException ignored) {
                // the server was stopped
            }
        }, "syslog-test-server");
        reader.setDaemon(true);
        reader.start();
        String first = lines.poll(30, TimeUnit.SECONDS);
        if (!"ready".equals(first)) {
            process.destroyForcibly();
            throw new IllegalStateException("python3 datagram server did not start: " + first);
        }
    }

    static SyslogTestServer start(Path path) throws Exception {
        return new SyslogTestServer(path, false);
    }

    static SyslogTestServer holding(Path path) throws Exception {
        return new SyslogTestServer(path, true);
    }

    private static String python() {
        for (String p : new String[] {"/usr/bin/python3", "/usr/local/bin/python3"}) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        assumeTrue(false, "python3 is needed to make a Unix datagram syslog server");
        return null;
    }

    void release() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
    }

    /** The next message received, as text; fails (rather than hangs) when none comes within 30 seconds. */
    String next() throws InterruptedException {
        String l = lines.poll(30, TimeUnit.SECONDS);
        if (l == null) throw new AssertionError("no syslog message arrived within 30 s");
        return new String(HexFormat.of().parseHex(l), StandardCharsets.UTF_8);
    }

    /** A message already received, or null; does not wait. */
    String poll() {
        String l = lines.poll();
        return l == null ? null : new String(HexFormat.of().parseHex(l), StandardCharsets.UTF_8);
    }

    /**
     * Stops the server (its socket file stays, as after a crashed daemon) and closes the pipes to it: the JDK
     * makes them without close-on-exec, and children spawned later by other tests would inherit them.
     */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        reader.join(10_000);
        try {
            process.getOutputStream().close();
            process.getInputStream().close();
        } catch (IOException ignored) {
            // closing pipes of a dead process
        }
    }
}
