package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code services.NAME.health}: each mode read into the model, defaults, and every rule's error. */
class HealthConfigTest {
    @TempDir
    Path tmp;
    Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
    }

    private static final String SVC = "services.web.command = [/bin/sleep, \"60\"]\n";

    @Test
    void withoutABlockThereIsNoCheck() throws Exception {
        Health h = f.load(SVC).services().get("web").health();
        assertThat(h).isEqualTo(Health.NONE);
        assertThat(h.enabled()).isFalse();
    }

    @Test
    void eachModeIsRead() throws Exception {
        PdsupConfig c = f.load(SVC + """
                services.web.health { mode = http, url = "http://127.0.0.1:8080/healthz", interval = 2s,
                  timeout = 500ms, failures = 2, start-period = 30s, expect-body = ok }
                services.db { command = [/bin/sleep, "60"], health { mode = tcp, address = "[::1]:5432" } }
                services.q { command = [/bin/sleep, "60"], health { mode = exec, command = [/bin/true, -x] } }
                """);
        assertThat(c.services().get("web").health()).isEqualTo(new Health(HealthMode.HTTP, List.of(), null, 0,
                URI.create("http://127.0.0.1:8080/healthz"), Duration.ofSeconds(2), Duration.ofMillis(500), 2,
                Duration.ofSeconds(30), "ok"));
        Health db = c.services().get("db").health();
        assertThat(db.host()).isEqualTo("::1");
        assertThat(db.port()).isEqualTo(5432);
        assertThat(db.target()).isEqualTo("[::1]:5432");
        assertThat(db.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(db.failures()).isEqualTo(3);
        assertThat(c.services().get("q").health().command()).containsExactly("/bin/true", "-x");
    }

    @Test
    void serviceDefaultsGiveEveryServiceTheSettings() throws Exception {
        PdsupConfig c = f.load("pdsupd.service-defaults.health { interval = 3s, failures = 5 }\n" + SVC
                + "services.web.health { mode = tcp, address = \"127.0.0.1:1\" }\n");
        Health h = c.services().get("web").health();
        assertThat(h.interval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(h.failures()).isEqualTo(5);
    }

    @Test
    void readinessByCommand() throws Exception {
        Readiness r = f.load(SVC + "services.web.ready { mode = exec, command = [/bin/true, --ready] }\n")
                .services().get("web").ready();
        assertThat(r.mode()).isEqualTo(ReadyMode.EXEC);
        assertThat(r.command()).containsExactly("/bin/true", "--ready");
        assertThat(f.errors(SVC + "services.web.ready.mode = exec\n")).containsExactly(
                "pdsupd.conf:2: services.web.ready.command: ready.mode = exec needs ready.command (e.g. command ="
                        + " [\"/usr/local/bin/is-ready\"])");
        assertThat(f.errors(SVC + "services.web.ready { mode = exec, command = [is-ready] }\n")).containsExactly(
                "pdsupd.conf:2: services.web.ready.command: the program \"is-ready\" is not an absolute path");
    }

    @Test
    void rulesBetweenKeysAreErrorsAtTheService() {
        assertThat(f.errors(SVC + "services.web.health.mode = exec\n")).containsExactly(
                "pdsupd.conf:2: services.web.health.command: health.mode = exec needs health.command (e.g. command"
                        + " = [\"/usr/local/bin/check\", \"--quick\"])");
        assertThat(f.errors(SVC + "services.web.health { mode = exec, command = [check] }\n")).containsExactly(
                "pdsupd.conf:2: services.web.health.command: the program \"check\" is not an absolute path");
        assertThat(f.errors(SVC + "services.web.health.mode = tcp\n")).containsExactly(
                "pdsupd.conf:2: services.web.health.address: health.mode = tcp needs health.address (e.g. address"
                        + " = \"127.0.0.1:8080\")");
        assertThat(f.errors(SVC + "services.web.health { mode = tcp, address = \"localhost\" }\n")).containsExactly(
                "pdsupd.conf:2: services.web.health.address: \"localhost\" is not HOST:PORT (e.g. \"127.0.0.1:8080\""
                        + " or \"[::1]:8080\", port 1 to 65535)");
        assertThat(f.errors(SVC + "services.web.health.mode = http\n")).containsExactly(
                "pdsupd.conf:2: services.web.health.url: health.mode = http needs health.url (e.g. url ="
                        + " \"http://127.0.0.1:8080/healthz\")");
        assertThat(f.errors(SVC + "services.web.health { mode = http, url = \"ftp://x/\" }\n")).containsExactly(
                "pdsupd.conf:2: services.web.health.url: \"ftp://x/\" must be an http:// or https:// URL with a host"
                        + " (e.g. \"http://127.0.0.1:8080/healthz\")");
        assertThat(f.errors(SVC + "services.web.health { mode = tcp, address = \"h:1\", expect-body = x }\n"))
                .containsExactly("pdsupd.conf:2: services.web.health.expect-body: health.expect-body is only used"
                        + " with health.mode = http (mode is tcp)");
        assertThat(f.errors(SVC + "services.web.health.mode = sometimes\n")).hasSize(1).first().asString()
                .contains("services.web.health.mode: unknown value \"sometimes\"");
        assertThat(f.errors(SVC + "services.web.health.failures = 0\n")).hasSize(1).first().asString()
                .contains("services.web.health.failures");
    }
}
