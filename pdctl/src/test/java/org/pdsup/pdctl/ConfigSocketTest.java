package org.pdsup.pdctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdsup.protocol.Op;
import org.pdsup.protocol.Request;
import org.pdsup.protocol.Responses;

/** pdctl's socket from pdsupd's configuration file when neither -s nor PDCTL_SOCKET names one. */
class ConfigSocketTest {
    @TempDir
    Path dir;

    @Test
    void theShippedSampleAndItsUsualEdits() throws Exception {
        String sample = Files.readString(Path.of(System.getProperty("user.dir")).getParent()
                .resolve("packaging/src/etc/pdsupd/pdsupd.conf.sample"));
        assertThat(ConfigSocket.find(sample)).isEqualTo("/var/run/pdsupd.sock");
        assertThat(ConfigSocket.find(sample.replace("socket = /var/run/pdsupd.sock", "socket = \"/srv/p d.sock\" # here")))
                .isEqualTo("/srv/p d.sock");
    }

    @Test
    void nestedDottedQuotedAndTheLastAssignmentWins() {
        assertThat(ConfigSocket.find("pdsupd.control.socket = /a.sock\n")).isEqualTo("/a.sock");
        assertThat(ConfigSocket.find("pdsupd { control.socket: \"/b.sock\" }")).isEqualTo("/b.sock");
        assertThat(ConfigSocket.find("{ pdsupd { control { socket = /c.sock, mode = \"0660\" } } }")).isEqualTo("/c.sock");
        assertThat(ConfigSocket.find("""
                // comment { not a brace
                pdsupd { control { socket = /first.sock } }
                services { web { command = [/bin/sh, -c, "echo }"], environment { X = "pdsupd.control.socket" } } }
                pdsupd.control.socket = /last.sock
                """)).isEqualTo("/last.sock");
        assertThat(ConfigSocket.find("\"pdsupd.control.socket\" = /quoted-key-is-one-segment.sock")).isNull();
        assertThat(ConfigSocket.find("pdsupd.control { admins { users = [root] } }")).isNull();
    }

    @Test
    void whatItCannotTakeForSureGivesNull() {
        assertThat(ConfigSocket.find("pdsupd.control.socket = ${SOCK}")).isNull();
        assertThat(ConfigSocket.find("pdsupd.control.socket = ${?HOME}/x.sock")).isNull();
        assertThat(ConfigSocket.find("pdsupd.control.socket = relative.sock")).isNull();
        assertThat(ConfigSocket.find("pdsupd { control { socket = /a.sock }")).isNull();
        assertThat(ConfigSocket.find("pdsupd.control.socket = /a.sock\npdsupd.control = null\n")).isNull();
    }

    @Test
    void commandLineOrderOptionEnvironmentFileDefault() throws Exception {
        Path conf = dir.resolve("pdsupd.conf");
        Files.writeString(conf, "pdsupd { control { socket = /from/file.sock } }\n");
        String[] status = {"status"};
        assertThat(CommandLine.parse(status, Map.of(), conf.toString()).socket).isEqualTo("/from/file.sock");
        assertThat(CommandLine.parse(status, Map.of("PDCTL_SOCKET", "/env.sock"), conf.toString()).socket)
                .isEqualTo("/env.sock");
        assertThat(CommandLine.parse(new String[] {"-s", "/opt.sock", "status"}, Map.of(), conf.toString()).socket)
                .isEqualTo("/opt.sock");
        assertThat(CommandLine.parse(status, Map.of(), dir.resolve("missing.conf").toString()).socket)
                .isEqualTo("/var/run/pdsupd.sock");
        // unreadable for this user: the default, no error (root reads anything: check as nobody elsewhere)
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("---------"));
        assertThat(CommandLine.parse(new String[] {"-s", "/opt.sock", "status"}, Map.of(), conf.toString()).socket)
                .isEqualTo("/opt.sock");
    }

    @Test
    void pdctlConnectsToTheSocketTheFileNames() throws Exception {
        Path conf = dir.resolve("pdsupd.conf");
        Path sock = dir.resolve("from-config.sock");
        Files.writeString(conf, "pdsupd.control.socket = \"" + sock + "\"\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ScriptedServer server = new ScriptedServer(sock, r -> r.op() == Op.HELLO
                ? List.of(Responses.hello(r.id(), "pdsupd/test"))
                : List.of(Responses.ok(r.id(), Map.of("version", "pdsupd test", "protocol", 1))))) {
            int code = Main.run(new String[] {"version"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream()), Map.of(), false, false, conf.toString());
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("pdsupd test");
            assertThat(server.received).extracting(Request::op).containsExactly(Op.HELLO, Op.VERSION);
        }
    }
}
