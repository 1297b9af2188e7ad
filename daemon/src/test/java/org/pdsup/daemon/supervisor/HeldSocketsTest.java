package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sockets} with real processes and real sockets: what the service gets (descriptors 3…, LISTEN_PID equal
 * to its own PID, LISTEN_FDS, LISTEN_FDNAMES), a Unix socket's mode and owner, no socket in another service's
 * descriptor table, refusal of a file that is not a socket, closing on removal by reload.
 */
class HeldSocketsTest {
    @TempDir
    Path tmp;

    /** Serves each connection one line: its LISTEN_* variables and its PID, on descriptor 3 (and 4 if there). */
    static final String SERVER = """
            import os, select, socket
            env = "%s %s %s %d" % (os.environ.get("LISTEN_PID"), os.environ.get("LISTEN_FDS"),
                                   os.environ.get("LISTEN_FDNAMES"), os.getpid())
            socks = [socket.socket(fileno=3 + i) for i in range(int(os.environ.get("LISTEN_FDS", "0")))]
            while True:
                for s in select.select(socks, [], [])[0]:
                    c, _ = s.accept()
                    c.sendall((env + "\\n").encode())
                    c.close()
            """;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static String tcpLine(int port) throws IOException {
        try (Socket c = new Socket()) {
            c.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            c.setSoTimeout(30_000);
            return new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }

    static String unixLine(Path path) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(path));
            InputStream in = java.nio.channels.Channels.newInputStream(c);
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }

    private Path server() throws IOException {
        Path p = tmp.resolve("server.py");
        Files.writeString(p, SERVER);
        return p;
    }

    /** The socket inodes ("socket:[123]") open in process {@code pid}, by descriptor. */
    static List<String> socketLinks(int pid) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:")) out.add(fd.getFileName() + "=" + link);
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return out;
    }

    @Test
    void theServiceGetsItsSocketsWithItsOwnPidAndNoOtherServiceSeesThem() throws Exception {
        int port = freePort();
        Path unix = tmp.resolve("run").resolve("web.sock");
        Files.createDirectories(unix.getParent());
        try (var h = new SupervisorHarness(tmp, """
                web { command = ["/usr/bin/python3", "%s"],
                      sockets = [ { listen = "tcp:127.0.0.1:%d", name = http },
                                  { listen = "unix:%s", mode = "0640", owner = "65534", group = "65534" } ] }
                other { command = ["/bin/sleep", "60"] }
                """.formatted(server(), port, unix))) {
            int pid = h.await("web", ServiceState.RUNNING, Duration.ofSeconds(30)).pid();
            int otherPid = h.await("other", ServiceState.RUNNING, Duration.ofSeconds(30)).pid();
            assertThat(tcpLine(port)).isEqualTo(pid + " 2 http:web " + pid);
            assertThat(unixLine(unix)).isEqualTo(pid + " 2 http:web " + pid);

            assertThat((Integer) Files.getAttribute(unix, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777)
                    .isEqualTo(0640);
            assertThat(Files.getAttribute(unix, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(65534);
            assertThat(Files.getAttribute(unix, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(65534);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(unix.getParent(), ".p*")) {
                assertThat(leftovers).as("the private directory is gone").isEmpty();
            }

            List<String> webSockets = socketLinks(pid);
            assertThat(webSockets).as("descriptors 3 and 4 are sockets").anyMatch(s -> s.startsWith("3="))
                    .anyMatch(s -> s.startsWith("4="));
            List<String> inodes = webSockets.stream().map(s -> s.substring(s.indexOf('=') + 1)).toList();
            assertThat(socketLinks(otherPid)).as("the other service's sockets").noneMatch(
                    s -> inodes.contains(s.substring(s.indexOf('=') + 1)));
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + otherPid + "/fd"))) {
                List<String> names = new ArrayList<>();
                fds.forEach(p -> names.add(p.getFileName().toString()));
                assertThat(names).containsExactlyInAnyOrder("0", "1", "2");
            }
        }
    }

    @Test
    void theSocketsOutliveACrashAndAreClosedWhenAReloadRemovesTheService() throws Exception {
        int port = freePort();
        Path unix = tmp.resolve("web.sock");
        String web = """
                web { command = ["/usr/bin/python3", "%s"], backoff { initial = 10ms, jitter = 0 },
                      sockets = [ { listen = "tcp:127.0.0.1:%d" }, { listen = "unix:%s" } ] }
                """.formatted(server(), port, unix);
        String other = "other { command = [\"/bin/sleep\", \"60\"] }\n";
        try (var h = new SupervisorHarness(tmp, web + other)) {
            int first = h.await("web", ServiceState.RUNNING, Duration.ofSeconds(30)).pid();
            assertThat(tcpLine(port)).endsWith(" " + first);
            h.supervisor.signal("web", org.pdsup.procdesc.Signal.KILL).get(10, TimeUnit.SECONDS);
            // connected while it is down or starting: answered by the next run
            String again = tcpLine(port);
            assertThat(again).doesNotEndWith(" " + first);
            assertThat((Integer) Files.getAttribute(unix, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777)
                    .as("default mode").isEqualTo(0666);

            h.writeConfig(other);
            var outcome = h.supervisor.reload().get(30, TimeUnit.SECONDS);
            assertThat(outcome.removed()).containsExactly("web");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (h.supervisor.snapshot().services().containsKey("web") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(h.supervisor.snapshot().services()).doesNotContainKey("web");
            assertThatThrownBy(() -> tcpLine(port)).hasMessageContaining("refused");
            assertThat(Files.exists(unix, LinkOption.NOFOLLOW_LINKS)).as("the socket file is removed").isFalse();
            try (ServerSocket rebind = new ServerSocket()) {
                rebind.bind(new InetSocketAddress("127.0.0.1", port)); // nothing holds the port any more
            }
        }
    }

    @Test
    void aFileThatIsNotASocketAndAPortInUseAreClearStartErrors() throws Exception {
        Path notASocket = tmp.resolve("data.sock");
        Files.writeString(notASocket, "precious");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            try (var h = new SupervisorHarness(tmp, """
                    file { command = ["/bin/sleep", "60"], backoff { initial = 10ms, jitter = 0 },
                           start-limit.burst = 1, sockets = [ { listen = "unix:%s", name = data } ] }
                    port { command = ["/bin/sleep", "60"], backoff { initial = 10ms, jitter = 0 },
                           start-limit.burst = 1, sockets = [ { listen = "tcp:127.0.0.1:%d", name = http } ] }
                    """.formatted(notASocket, port))) {
                ServiceSnapshot file = h.await("file", ServiceState.FATAL, Duration.ofSeconds(30));
                assertThat(h.eventsTo("file", ServiceState.BACKOFF).get(0).reason()).isEqualTo(
                        "spawn failed: cannot start: socket data (unix:" + notASocket + "): " + notASocket
                                + " exists and is not a socket; remove it or listen elsewhere; restart in 10ms");
                assertThat(file.lastError()).startsWith("start limit reached");
                assertThat(Files.readString(notASocket)).isEqualTo("precious");
                h.await("port", ServiceState.FATAL, Duration.ofSeconds(30));
                assertThat(h.eventsTo("port", ServiceState.BACKOFF).get(0).reason()).isEqualTo(
                        "spawn failed: cannot start: socket http (tcp:127.0.0.1:" + port + "): cannot bind tcp:127.0.0.1:"
                                + port + ": EADDRINUSE (Address already in use): the address is in use (another process"
                                + " listens there); restart in 10ms");
            }
        }
    }
}
