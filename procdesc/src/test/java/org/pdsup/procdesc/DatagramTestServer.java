package org.pdsup.procdesc;

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
 * A real Unix datagram server, made by python3 (Java has none): binds {@code path}, prints "ready", then one
 * line per datagram received (its bytes in hex). With {@code hold} it reads nothing until {@link #release}.
 */
public final class DatagramTestServer implements AutoCloseable {
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

    private DatagramTestServer(Path path, boolean hold) throws IOException, InterruptedException {
        process = new ProcessBuilder(python(), "-c", SCRIPT, path.toString(), hold ? "hold" : "read")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String l; (l = in.readLine()) != null; ) lines.add(l);
            } catch (IOException ignored) {
                // the server was stopped
            }
        }, "datagram-test-server");
        reader.setDaemon(true);
        reader.start();
        String first = lines.poll(30, TimeUnit.SECONDS);
        if (!"ready".equals(first)) {
            process.destroyForcibly();
            throw new IllegalStateException("python3 datagram server did not start: " + first);
        }
    }

    public static DatagramTestServer start(Path path) throws Exception {
        return new DatagramTestServer(path, false);
    }

    /** A server that binds the socket but reads nothing until {@link #release()}. */
    public static DatagramTestServer holding(Path path) throws Exception {
        return new DatagramTestServer(path, true);
    }

    private static String python() {
        for (String p : new String[] {"/usr/bin/python3", "/usr/local/bin/python3"}) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        assumeTrue(false, "python3 is needed to make a Unix datagram server");
        return null;
    }

    public void release() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
    }

    /** The next datagram received; fails (rather than hangs) when none comes within 30 seconds. */
    public byte[] next() throws InterruptedException {
        String l = lines.poll(30, TimeUnit.SECONDS);
        if (l == null) throw new AssertionError("no datagram arrived within 30 s");
        return HexFormat.of().parseHex(l);
    }

    /** A datagram already printed, or null; does not wait. */
    public byte[] poll() {
        String l = lines.poll();
        return l == null ? null : HexFormat.of().parseHex(l);
    }

    /** The next datagram as UTF-8 text (a syslog message, say). */
    public String nextText() throws InterruptedException {
        return new String(next(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A datagram already received as UTF-8 text, or null; does not wait. */
    public String pollText() {
        byte[] b = poll();
        return b == null ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Stops the server (its socket file stays, as after a crashed daemon) and closes the pipes to it: the JDK
     * makes them without close-on-exec, and children spawned later by other tests would inherit them.
     */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            reader.join(10_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            process.getOutputStream().close();
            process.getInputStream().close();
        } catch (IOException ignored) {
            // closing pipes of a dead process
        }
    }
}
