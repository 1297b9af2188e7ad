package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: the shipped sample configuration, installed as an administrator would (pdsupd.conf.sample as
 * pdsupd.conf, every services.d sample as its .conf), passes the tarball's real {@code pdsupd --check-config} with
 * this machine's group database (Debian: no group wheel) and with FreeBSD's. FreeBSD's groups are put in place of
 * /etc/group for the one pdsupd run, in a private mount namespace ({@code unshare --mount}; the test runs as root),
 * so nothing else on the machine sees them. The sample's admins are then root and the group wheel on FreeBSD,
 * and root alone on Debian; operator, which both systems have, reads.
 */
class SampleConfigCheckTest {
    /**
     * Groups of FreeBSD's base system, as its etc/group lists them (freebsd-src etc/group; wheel 0 and operator 5
     * since the first releases). No root group: root's primary group on FreeBSD is wheel.
     */
    private static final String FREEBSD_GROUPS = """
            wheel:*:0:root
            daemon:*:1:
            kmem:*:2:
            sys:*:3:
            tty:*:4:
            operator:*:5:root
            staff:*:20:
            """;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path tmp;
    static Path pdsupd;
    static Path config;
    static Path freebsdGroup;

    @BeforeAll
    static void installTheSamples() throws Exception {
        Path prefix = Tarball.unpack(tmp.resolve("p"));
        pdsupd = prefix.resolve("bin/pdsupd");
        Path etc = prefix.resolve("etc/pdsupd");
        config = etc.resolve("pdsupd.conf");
        Files.copy(etc.resolve("pdsupd.conf.sample"), config);
        List<Path> services = new ArrayList<>();
        try (var s = Files.list(etc.resolve("services.d"))) {
            s.filter(p -> p.toString().endsWith(".conf.sample")).forEach(services::add);
        }
        assertThat(services).extracting(p -> p.getFileName().toString())
                .contains("heartbeat.conf.sample", "webapp.conf.sample");
        for (Path sample : services) {
            String n = sample.getFileName().toString();
            Files.copy(sample, sample.resolveSibling(n.substring(0, n.length() - ".sample".length())));
        }
        freebsdGroup = tmp.resolve("freebsd-group");
        Files.writeString(freebsdGroup, FREEBSD_GROUPS);
    }

    @Test
    void theSamplePassesCheckConfigOnThisDebianMachine() throws Exception {
        boolean hostHasWheel = Run.run(List.of("getent", "group", "wheel")).exit() == 0; // Debian: no
        Run.Result check = pdsupd(null, "--check-config", "--config", config.toString());
        assertThat(check.exit()).as(check.describe()).isZero();
        assertThat(check.out() + check.err()).contains("configuration OK (1 services)");

        String effective = pdsupd(null, "--print-config", "--config", config.toString()).out();
        assertThat(groupsOf(effective, "admins")).isEqualTo(hostHasWheel ? List.of("wheel") : List.of());
        assertThat(groupsOf(effective, "readers")).containsExactly("operator");
    }

    @Test
    void theSamplePassesCheckConfigWithFreeBsdsGroups() throws Exception {
        Run.Result check = pdsupd(freebsdGroup, "--check-config", "--config", config.toString());
        assertThat(check.exit()).as(check.describe()).isZero();
        assertThat(check.out() + check.err()).contains("configuration OK (1 services)");

        String effective = pdsupd(freebsdGroup, "--print-config", "--config", config.toString()).out();
        assertThat(groupsOf(effective, "admins")).containsExactly("wheel");
        assertThat(groupsOf(effective, "readers")).containsExactly("operator");
    }

    /** Both runs really consult their group database: a group missing from it is refused, named. */
    @Test
    void aGroupMissingFromEitherDatabaseIsRefused() throws Exception {
        Path wheel = config.resolveSibling("admins-wheel.conf.test"); // beside services.d: include-dir is relative
        Files.writeString(wheel, Files.readString(config) + "\npdsupd.control.admins.groups = [wheel]\n");
        Run.Result debian = pdsupd(debianGroups(), "--check-config", "--config", wheel.toString());
        assertThat(debian.exit()).as(debian.describe()).isEqualTo(78);
        assertThat(debian.out() + debian.err()).contains("unknown group \"wheel\"");
        assertThat(pdsupd(freebsdGroup, "--check-config", "--config", wheel.toString()).exit()).isZero();

        Path sudo = config.resolveSibling("admins-sudo.conf.test");
        Files.writeString(sudo, Files.readString(config) + "\npdsupd.control.admins.groups = [sudo]\n");
        Run.Result freebsd = pdsupd(freebsdGroup, "--check-config", "--config", sudo.toString());
        assertThat(freebsd.exit()).as(freebsd.describe()).isEqualTo(78);
        assertThat(freebsd.out() + freebsd.err()).contains("unknown group \"sudo\"");
    }

    /** This machine's /etc/group without a group wheel (which a Debian machine does not have anyway). */
    private static Path debianGroups() throws Exception {
        Path p = tmp.resolve("debian-group");
        List<String> lines = Files.readAllLines(Path.of("/etc/group")).stream()
                .filter(l -> !l.startsWith("wheel:")).toList();
        Files.write(p, lines);
        return p;
    }

    /** Runs the tarball's pdsupd, with {@code groupFile} bound over /etc/group for that run when not null. */
    private static Run.Result pdsupd(Path groupFile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (groupFile != null) {
            cmd.addAll(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                    "mount --bind \"$1\" /etc/group && shift && exec \"$@\"", "sh", groupFile.toString()));
        }
        cmd.add(pdsupd.toString());
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("PDSUPD_JAVA_OPTS", null);
        Run.Result r = Run.run(cmd, env, TIMEOUT);
        if (groupFile != null && r.err().contains("unshare:")) {
            throw new AssertionError("a private mount namespace is needed (run as root): " + r.describe());
        }
        return r;
    }

    private static final Pattern LIST_ITEM = Pattern.compile("[\\w.-]+");

    /** The effective {@code control.ROLE.groups} in --print-config's output. */
    private static List<String> groupsOf(String printed, String role) {
        Matcher m = Pattern.compile("(?s)\\b" + role + "\\s*\\{\\s*groups\\s*=\\s*\\[([^\\]]*)\\]").matcher(printed);
        assertThat(m.find()).as("control.%s.groups in:%n%s", role, printed).isTrue();
        List<String> names = new ArrayList<>();
        Matcher item = LIST_ITEM.matcher(m.group(1));
        while (item.find()) names.add(item.group());
        return names;
    }
}
