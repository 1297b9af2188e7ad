package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code services.NAME.sockets} and {@code start-limit.cool-down}: what they read to, and every refusal. */
class SocketsConfigTest {
    @TempDir
    Path tmp;
    Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
    }

    @Test
    void socketsReadWithDefaultsAndCoolDown() throws Exception {
        PdsupConfig c = f.load("""
                services {
                  web {
                    command = [/bin/sh]
                    start-limit.cool-down = 2s
                    sockets = [
                      { listen = "tcp:127.0.0.1:8080", name = http }
                      { listen = "tcp:[::1]:8080" }
                      { listen = "unix:/run/web.sock", mode = "0660", owner = root, group = "0", backlog = 16 }
                    ]
                  }
                  plain { command = [/bin/sh] }
                }
                """);
        ServiceConfig web = c.services().get("web");
        assertThat(web.startLimit()).isEqualTo(new StartLimit(5, Duration.ofSeconds(60), Duration.ofSeconds(2)));
        assertThat(web.sockets()).containsExactly(
                new ListenSocket("tcp:127.0.0.1:8080", "http", InetAddress.getByName("127.0.0.1"), 8080, null, null,
                        null, null, 4096),
                new ListenSocket("tcp:[::1]:8080", "web", InetAddress.getByName("::1"), 8080, null, null, null, null,
                        4096),
                new ListenSocket("unix:/run/web.sock", "web", null, 0, Path.of("/run/web.sock"), 0660, 0, 0, 16));
        ServiceConfig plain = c.services().get("plain");
        assertThat(plain.sockets()).isEmpty();
        assertThat(plain.startLimit().coolDown()).isNull();
        assertThat(web.processDefinition()).isNotEqualTo(
                f.load("""
                services.web { command = [/bin/sh], sockets = [ { listen = "tcp:127.0.0.1:8081" } ] }
                """).services().get("web").processDefinition());
    }

    @Test
    void everyBadSocketIsNamed() {
        List<String> errors = f.errors("""
                services {
                  web {
                    command = [/bin/sh]
                    sockets = [
                      { listen = "tcp:localhost:80" }
                      { listen = "udp:127.0.0.1:53" }
                      { listen = "tcp:127.0.0.1:0" }
                      { listen = "unix:run/web.sock" }
                      { listen = "tcp:127.0.0.1:81", mode = "0660" }
                      { lisen = "tcp:127.0.0.1:82" }
                      { listen = "unix:/run/a.sock", owner = "pdsuptest-nobody-such" }
                      { listen = "tcp:127.0.0.1:83", name = "a:b" }
                      "tcp:127.0.0.1:84"
                      { listen = "tcp:127.0.0.1:85" }
                      { listen = "tcp:127.0.0.1:85" }
                    ]
                    start-limit.cool-down = 0
                  }
                }
                """);
        assertThat(errors).containsExactly(
                "pdsupd.conf:5: services.web.sockets[0].listen: \"tcp:localhost:80\": expected tcp:ADDRESS:PORT with"
                        + " an IPv4 address (127.0.0.1, 0.0.0.0) or an IPv6 address in brackets ([::1], [::]); host"
                        + " names are not resolved",
                "pdsupd.conf:6: services.web.sockets[1].listen: \"udp:127.0.0.1:53\" is not tcp:ADDRESS:PORT"
                        + " (tcp:127.0.0.1:8080, tcp:[::1]:8080, tcp:0.0.0.0:80) or unix:/absolute/path",
                "pdsupd.conf:7: services.web.sockets[2].listen: \"tcp:127.0.0.1:0\": the port must be between 1 and"
                        + " 65535, got \"0\"",
                "pdsupd.conf:8: services.web.sockets[3].listen: \"unix:run/web.sock\": the socket path must be"
                        + " absolute (unix:/var/run/web.sock)",
                "pdsupd.conf:9: services.web.sockets[4].mode: mode applies to a Unix socket's file only (listen ="
                        + " \"unix:/path\")",
                "pdsupd.conf:10: services.web.sockets[5].lisen: unknown key (did you mean \"listen\"? a socket has"
                        + " listen, name, mode, owner, group or backlog)",
                "pdsupd.conf:10: services.web.sockets[5]: missing listen (e.g. listen = \"tcp:127.0.0.1:8080\" or"
                        + " listen = \"unix:/var/run/web.sock\")",
                "pdsupd.conf:11: services.web.sockets[6].owner: no such user \"pdsuptest-nobody-such\"",
                "pdsupd.conf:12: services.web.sockets[7].name: \"a:b\" is not a descriptor name (1 to 255 printable"
                        + " ASCII characters, without spaces or ':', which separates names in LISTEN_FDNAMES)",
                "pdsupd.conf:13: services.web.sockets[8]: expected an object such as { listen ="
                        + " \"tcp:127.0.0.1:8080\" }, got string \"tcp:127.0.0.1:84\"",
                "pdsupd.conf:15: services.web.sockets[10].listen: \"tcp:127.0.0.1:85\" is listed twice",
                "pdsupd.conf:17: services.web.start-limit.cool-down: must be longer than zero, got 0");
    }

    @Test
    void socketsConflictWithTheirDescriptorsPersistAndOtherServices() {
        List<String> errors = f.errors("""
                services {
                  a {
                    command = [/bin/sh]
                    sockets = [ { listen = "tcp:127.0.0.1:8080" }, { listen = "unix:/run/a.sock" } ]
                    inherit-fds = [4]
                    ready { mode = notify-fd, fd = 3 }
                  }
                  b {
                    command = [/bin/sh]
                    persist = true
                    sockets = [ { listen = "tcp:127.0.0.1:8080" } ]
                  }
                }
                """);
        assertThat(errors).containsExactly(
                "pdsupd.conf:5: services.a.sockets: descriptor 4 of inherit-fds is taken by sockets (which are passed"
                        + " as descriptors 3 to 4)",
                "pdsupd.conf:6: services.a.ready.fd: ready.fd = 3 is taken by sockets (passed as descriptors 3 to 4):"
                        + " set ready.fd to 5 or more",
                "pdsupd.conf:8: services.b.sockets: \"tcp:127.0.0.1:8080\" is also a socket of service a (two"
                        + " services cannot listen at the same place)",
                "pdsupd.conf:10: services.b.sockets: sockets cannot apply to persist = true (pdsupd holds the sockets,"
                        + " and a persistent service outlives pdsupd)");
    }
}
