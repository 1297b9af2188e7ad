package org.pdsup.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.pdsup.daemon.control.TestUser;

/**
 * One control connection held open by a process running as a real user: a small Java program (compiled into a
 * directory the user can read) connects to the socket, sends each line the test writes and
 * prints each line pdsupd answers, then {@code EOF} when pdsupd closes the connection. Its peer credentials are
 * the user's, as for any client of that user.
 */
final class UserConnection implements AutoCloseable {
    private static final String SOURCE = """
            import java.io.*;
            import java.net.UnixDomainSocketAddress;
            import java.nio.ByteBuffer;
            import java.nio.channels.SocketChannel;
            import java.nio.charset.StandardCharsets;

            public class LineClient {
                public static void main(String[] args) throws Exception {
                    SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(args[0]));
                    System.out.println("CONNECTED");
                    Thread answers = new Thread(() -> {
                        ByteBuffer b = ByteBuffer.allocate(65536);
                        try {
                            while (ch.read(b) >= 0) {
                                System.out.write(b.array(), 0, b.position());
                                System.out.flush();
                                b.clear();
                            }
                        } catch (IOException e) {
                            System.out.println();
                        }
                        System.out.println("EOF");
                        System.out.flush();
                        System.exit(0);
                    });
                    answers.start();
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                    for (String line; (line = in.readLine()) != null; ) {
                        ByteBuffer out = ByteBuffer.wrap((line + "\\n").getBytes(StandardCharsets.UTF_8));
                        while (out.hasRemaining()) ch.write(out);
                    }
                    ch.close();
                }
            }
            """;

    private final Process process;
    private final BufferedReader answers;
    private final OutputStream requests;

    private UserConnection(Process process) {
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.requests = process.getOutputStream();
    }

    /** Connects to {@code socket} as {@code user}; {@code dir} must be readable by that user. */
    static UserConnection open(TestUser user, Path dir, Path socket) throws IOException {
        Path source = dir.resolve("LineClient.java");
        if (!Files.exists(dir.resolve("LineClient.class"))) {
            Files.writeString(source, SOURCE);
            // compiled once here rather than by each client's JVM (the source launcher compiles every time)
            int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(),
                    source.toString());
            if (rc != 0) throw new IOException("cannot compile " + source);
            Files.setPosixFilePermissions(dir.resolve("LineClient.class"), PosixFilePermissions.fromString("rw-r--r--"));
        }
        UserConnection c = new UserConnection(user.start(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", dir.toString(),
                "LineClient", socket.toString()));
        // the JVM may say something on stderr first (merged with stdout): skip to the client's own first line
        StringBuilder before = new StringBuilder();
        for (String line; (line = c.answers.readLine()) != null; before.append(line).append('\n')) {
            if (line.equals("CONNECTED")) return c;
        }
        c.close();
        throw new IOException("the client of " + user.name + " did not connect:\n" + before);
    }

    /** Sends one request line. */
    void send(String json) throws IOException {
        requests.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        requests.flush();
    }

    /** The next frame pdsupd sent (or "EOF" once it closed the connection); anything else the JVM says is skipped. */
    String answer() throws IOException {
        for (String line; (line = answers.readLine()) != null; ) {
            if (line.startsWith("{") || line.equals("EOF")) return line;
        }
        return "EOF";
    }

    /** Sends {@code json} and returns the answer. */
    String ask(String json) throws IOException {
        send(json);
        return answer();
    }

    @Override
    public void close() throws IOException {
        requests.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
