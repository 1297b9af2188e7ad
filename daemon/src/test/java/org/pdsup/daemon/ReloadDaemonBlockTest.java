package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.daemon.control.TestUser;

/**
 * Issue 17 item 1: {@code pdctl reload} and SIGHUP apply the {@code pdsupd { }} block too, on a real pdsupd with
 * real users' connections: roles count from the next request of a connection already open, a connection whose
 * user lost every role is closed, the socket takes its new mode; metrics move to a new port (bound before the old
 * one closes), a port in use fails the whole reload; a key that needs a restart refuses the whole reload; the
 * event ring and the shutdown timeout take their new values; output and service defaults reach the services they
 * change. The answer and the log name every changed key.
 */
@Timeout(300) // a hang guard only: nothing here waits on the clock
class ReloadDaemonBlockTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ADMIN = "pdsuptest-rladmin";
    private static final String READER = "pdsuptest-rlreader";

    @TempDir
    Path tmp;

    private Path socket;
    private final HttpClient http = HttpClient.newHttpClient();

    private Path config(String daemon, String services) throws IOException {
        socket = tmp.resolve("pdsupd.sock");
        Path file = tmp.resolve("pdsupd.conf");
        Files.writeString(file, "pdsupd {\n"
                + "  state-dir = \"" + tmp.resolve("state") + "\"\n"
                + "  log-dir = \"" + tmp.resolve("log") + "\"\n"
                + "  control.socket = \"" + socket + "\"\n"
                + daemon + "\n}\nservices {\n" + services + "\n}\n");
        return file;
    }

    private static String roles(String admins, String readers, String mode) {
        return "  metrics.enabled = false\n  control { mode = \"" + mode + "\", admins { users = [" + admins
                + "], groups = [] }, readers { users = [" + readers + "], groups = [] } }\n";
    }

    @Test
    void rolesChangeForTheNextRequestOfOpenConnections() throws Exception {
        assumeTrue(TestUser.possible(), "needs root, setpriv and useradd");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        String services = "sleeper { command = [\"/bin/sleep\", \"600\"] }";
        Path cfg = config(roles(ADMIN, READER, "0666"), services);
        try (TestUser admin = TestUser.ensure(ADMIN); TestUser reader = TestUser.ensure(READER);
             DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.runningPid("sleeper", WAIT);
            try (UserConnection asAdmin = UserConnection.open(admin, tmp, socket);
                 UserConnection asReader = UserConnection.open(reader, tmp, socket)) {
                assertThat(asAdmin.ask("{\"op\":\"reopen-logs\",\"id\":1}")).isEqualTo("{\"id\":1,\"ok\":true}");
                assertThat(asReader.ask("{\"op\":\"status\",\"id\":1}")).contains("\"ok\":true");

                // the admin becomes a reader, the reader loses every role, the socket another mode
                config(roles("", ADMIN, "0766"), services);
                int mark = d.lineCount();
                InProcessPdctl.Result r = pdctl("--json", "reload");
                assertThat(r.code()).as(r.err()).isZero();
                assertThat(r.out()).contains("\"changed_keys\":[\"pdsupd.control.mode\","
                        + "\"pdsupd.control.admins.users\",\"pdsupd.control.readers.users\"]");
                d.awaitLine("reload applied to the pdsupd block: pdsupd.control.mode, pdsupd.control.admins.users,"
                        + " pdsupd.control.readers.users", mark, WAIT);

                String refused = asAdmin.ask("{\"op\":\"reopen-logs\",\"id\":2}");
                assertThat(refused).contains("\"id\":2", "\"ok\":false", "\"code\":\"forbidden\"",
                        "user " + ADMIN + " is a reader; 'reopen-logs' needs an admin");
                assertThat(asAdmin.ask("{\"op\":\"status\",\"id\":3}")).as("still a reader").contains("\"ok\":true");

                String closing = asReader.answer();
                assertThat(closing).contains("\"code\":\"forbidden\"", "user " + READER
                        + " is no longer an admin or a reader");
                assertThat(asReader.answer()).isEqualTo("EOF");
                assertThat(Integer.toOctalString((Integer) Files.getAttribute(socket, "unix:mode",
                        LinkOption.NOFOLLOW_LINKS) & 0777)).isEqualTo("766");

                // a reader with no connection yet: refused before the reload that names it, served after
                try (UserConnection before = UserConnection.open(reader, tmp, socket)) {
                    assertThat(before.answer()).contains("\"code\":\"forbidden\"");
                }
                config(roles("", ADMIN + ", " + READER, "0766"), services);
                assertThat(pdctl("reload").out()).contains("pdsupd block: pdsupd.control.readers.users");
                try (UserConnection after = UserConnection.open(reader, tmp, socket)) {
                    assertThat(after.ask("{\"op\":\"status\",\"id\":1}")).contains("\"ok\":true");
                }
            }
        }
    }

    @Test
    void metricsMoveToTheNewPortAndAPortInUseOrARestartOnlyKeyChangesNothing() throws Exception {
        int first = freePort();
        int second = freePort();
        while (second == first) second = freePort();
        String services = "sleeper { command = [\"/bin/sleep\", \"600\"] }";
        Path cfg = config(metrics(first), services);
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            int pid = d.runningPid("sleeper", WAIT);
            d.awaitLine("metrics on http://127.0.0.1:" + first, 0, WAIT);
            assertThat(scrape(first)).contains("pdsup_service_up");

            config(metrics(second), services);
            InProcessPdctl.Result moved = pdctl("reload");
            assertThat(moved.code()).as(moved.err()).isZero();
            assertThat(moved.out()).contains("pdsupd block: pdsupd.metrics.listen");
            assertThat(scrape(second)).contains("pdsup_service_up");
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), first).close())
                    .as("the old port is closed").isInstanceOf(ConnectException.class);

            String extra = services + "\nextra { command = [\"/bin/sleep\", \"601\"] }";
            try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                config(metrics(squatter.getLocalPort()) + "  event-ring = 5\n", extra);
                InProcessPdctl.Result taken = pdctl("reload");
                assertThat(taken.code()).isEqualTo(78);
                assertThat(taken.err()).contains("pdsupd.metrics.listen: cannot listen on 127.0.0.1:"
                        + squatter.getLocalPort() + ": address already in use; metrics stay on 127.0.0.1:" + second);
            }
            assertThat(scrape(second)).as("the old address still serves").contains("pdsup_service_up");
            assertUnchanged(pid);

            config(metrics(second) + "  state-dir = \"" + tmp.resolve("elsewhere") + "\"\n", extra);
            InProcessPdctl.Result restart = pdctl("reload");
            assertThat(restart.code()).isEqualTo(78);
            assertThat(restart.err()).contains("pdsupd.state-dir changed (" + tmp.resolve("state") + " to "
                    + tmp.resolve("elsewhere") + "): needs a restart of pdsupd");
            assertUnchanged(pid);
            assertThat(scrape(second)).contains("pdsup_service_up");

            // output defaults and service defaults act through the services whose effective settings change
            config(metrics(second) + "  output.timestamps = true\n  service-defaults.backoff.initial = 2s\n",
                    services);
            InProcessPdctl.Result through = pdctl("reload");
            assertThat(through.code()).as(through.err()).isZero();
            assertThat(through.out()).contains("restarted: sleeper", "pdsupd block: pdsupd.output.timestamps,"
                    + " pdsupd.service-defaults.backoff.initial");
        }
    }

    @Test
    void sighupAppliesTheEventRingAndTheShutdownTimeout() throws Exception {
        // ignores TERM and may take an hour to stop: only the shutdown timeout ends it
        String services = """
                stubborn { command = ["/bin/sh", "-c", "trap '' TERM; while :; do sleep 1; done"],
                           stop { timeout = 1h } }
                sleeper { command = ["/bin/sleep", "600"] }
                """;
        Path cfg = config("  metrics.enabled = false\n", services);
        try (DaemonProcess d = DaemonProcess.start("--config", cfg.toString())) {
            d.runningPid("stubborn", WAIT);
            d.runningPid("sleeper", WAIT);
            for (int i = 0; i < 3; i++) {
                assertThat(pdctl("restart", "sleeper").code()).isZero();
            }
            List<Long> before = eventSeqs();
            assertThat(before.size()).isGreaterThan(4);

            config("  metrics.enabled = false\n  event-ring = 2\n  shutdown-timeout = 1s\n", services);
            int hup = d.lineCount();
            assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(d.process.pid())).start().waitFor()).isZero();
            d.awaitLine("reload applied to the pdsupd block: pdsupd.event-ring, pdsupd.shutdown-timeout", hup, WAIT);
            assertThat(eventSeqs()).as("the newest two, numbered as before")
                    .containsExactlyElementsOf(before.subList(before.size() - 2, before.size()));

            assertThat(pdctl("restart", "sleeper").code()).isZero();
            List<Long> after = eventSeqs();
            assertThat(after).hasSize(2);
            assertThat(after.get(1)).isGreaterThan(before.get(before.size() - 1));

            int mark = d.lineCount();
            assertThat(pdctl("shutdown").code()).isZero();
            d.awaitLine("services still running 1s after the shutdown began \\(pdsupd.shutdown-timeout\\)", mark, WAIT);
            assertThat(d.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    private void assertUnchanged(int pid) {
        InProcessPdctl.Result status = pdctl("status");
        assertThat(status.out()).contains("sleeper").contains(Integer.toString(pid)).doesNotContain("extra");
        InProcessPdctl.Result events = pdctl("--json", "events");
        assertThat(events.out()).doesNotContain("extra");
    }

    private static String metrics(int port) {
        return "  metrics { enabled = true, listen = \"127.0.0.1:" + port + "\" }\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private String scrape(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The sequence numbers of the event ring, oldest first, read over the socket as root. */
    private List<Long> eventSeqs() throws IOException {
        List<Long> seqs = new ArrayList<>();
        Pattern seq = Pattern.compile("\"event\":\\{\"seq\":(\\d+)");
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("{\"op\":\"events\",\"id\":1}\n".getBytes(StandardCharsets.UTF_8)));
            StringBuilder text = new StringBuilder();
            ByteBuffer b = ByteBuffer.allocate(65536);
            while (!text.toString().contains("\"end\":true") && ch.read(b) >= 0) {
                text.append(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
                b.clear();
            }
            Matcher m = seq.matcher(text);
            while (m.find()) seqs.add(Long.parseLong(m.group(1)));
        }
        return seqs;
    }

    private InProcessPdctl.Result pdctl(String... args) {
        return InProcessPdctl.run(socket, args);
    }
}
