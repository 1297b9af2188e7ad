package org.pdsup.procdesc.linux;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pdsup.procdesc.ListeningSocket;
import org.pdsup.procdesc.ListeningSocketTest;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.SpawnSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listening socket passed as descriptor 3 with LISTEN_PID set by the exec helper to the child's own PID, in
 * both spawn modes and for a daemon without exec options (which otherwise skips the helper).
 */
class ListenPidSpawnTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("org.pdsup.procdesc.linux.TestSupport#modes")
    void childServesThePassedSocketAndSeesItsOwnPid(SpawnMode mode) throws Exception {
        for (boolean daemon : new boolean[] {false, true}) {
            int port = ListeningSocketTest.freePort();
            Path out = tmp.resolve(mode + "-" + daemon + ".out");
            String script = "import os, socket\n"
                    + "s = socket.socket(fileno=3)\n"
                    + "c, _ = s.accept()\n"
                    + "c.sendall(('%s %d' % (os.environ['LISTEN_PID'], os.getpid())).encode())\n"
                    + "c.close()\n";
            try (ListeningSocket sock = ListeningSocket.tcp(InetAddress.getByName("127.0.0.1"), port, 8);
                 ProcessDescriptor pd = LinuxProcessDescriptors.withMode(mode).spawn(
                         SpawnSpec.builder(List.of("/usr/bin/python3", "-c", script))
                                 .environment(Map.of("PATH", "/usr/bin:/bin")).stdin(Redirect.devNull())
                                 .stdout(Redirect.file(out, false)).stderr(Redirect.file(out, true))
                                 .passFd(3, sock.fd()).listenPid(true).daemon(daemon).build())) {
                String answer;
                try (Socket c = new Socket()) {
                    c.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                    answer = new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                }
                assertThat(pd.waitFor().code()).as(Files.readString(out)).isZero();
                assertThat(answer).isEqualTo(pd.pid() + " " + pd.pid());
            }
        }
    }
}
