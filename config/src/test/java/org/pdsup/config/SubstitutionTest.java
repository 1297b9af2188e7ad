package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HOCON substitutions across files, {@code ${?ENV}}, appends, and the environment a service gets. */
class SubstitutionTest {
    @TempDir
    Path tmp;
    Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
    }

    @Test
    void substitutionsReachAcrossBlocksAndFiles() throws Exception {
        f.write("conf.d/web.conf", """
                services.web {
                  command = [${vars.bin}/sh, -c, "echo "${vars.greeting}]
                  pidfile = ${pdsupd.state-dir}/web.pid
                  type = forking
                }
                """);
        PdsupConfig c = f.load("""
                vars {
                  bin = /bin
                  greeting = hello
                }
                pdsupd {
                  include-dir = conf.d
                  state-dir = /srv/state
                  log-dir = ${pdsupd.state-dir}/log
                  control.socket = ${pdsupd.state-dir}/ctl.sock
                }
                """);
        assertThat(c.daemon().logDir()).isEqualTo(Path.of("/srv/state/log"));
        assertThat(c.daemon().control().socket()).isEqualTo(Path.of("/srv/state/ctl.sock"));
        ServiceConfig web = c.services().get("web");
        assertThat(web.command()).containsExactly("/bin/sh", "-c", "echo hello");
        assertThat(web.pidfile()).isEqualTo(Path.of("/srv/state/web.pid"));
    }

    @Test
    void aServiceCanBeBuiltFromATemplate() throws Exception {
        PdsupConfig c = f.load("""
                vars.template { restart = never, stop.timeout = 2s }
                services.a = ${vars.template} { command = [/bin/true] }
                services.b = ${vars.template} { command = [/bin/true], restart = on-failure }
                """);
        assertThat(c.services().get("a").restart()).isEqualTo(RestartPolicy.NEVER);
        assertThat(c.services().get("a").stop().timeout()).hasSeconds(2);
        assertThat(c.services().get("b").restart()).isEqualTo(RestartPolicy.ON_FAILURE);
    }

    @Test
    void appendsToListsWork() throws Exception {
        PdsupConfig c = f.load("""
                services {
                  db.command = [/bin/true]
                  cache.command = [/bin/true]
                  web {
                    command = [/bin/sh]
                    command += -c
                    command += "exec true"
                    requires = [db]
                    requires += cache
                  }
                }
                """);
        assertThat(c.services().get("web").command()).containsExactly("/bin/sh", "-c", "exec true");
        assertThat(c.services().get("web").requires()).containsExactly("db", "cache");
    }

    @Test
    void optionalEnvironmentSubstitutionsFallBackWhenUnset() throws Exception {
        Map<String, String> env = new HashMap<>(Fixture.ENV);
        env.put("PDSUP_TEST_STATE", "/from/env");
        String conf = """
                pdsupd {
                  state-dir = /default/state
                  state-dir = ${?PDSUP_TEST_STATE}
                  log-dir = /default/log
                  log-dir = ${?PDSUP_TEST_UNSET}
                }
                services.web {
                  command = [/bin/true]
                  environment.FROM_ENV = ${HOME}
                }
                """;
        f.write("pdsupd.conf", conf);
        PdsupConfig c = new ConfigLoader(Fixture.accounts(), env).load(tmp.resolve("pdsupd.conf"));
        assertThat(c.daemon().stateDir()).isEqualTo(Path.of("/from/env"));
        assertThat(c.daemon().logDir()).isEqualTo(Path.of("/default/log"));
        assertThat(c.services().get("web").environment()).containsEntry("FROM_ENV", "/root");

        PdsupConfig without = Fixture.loader().load(tmp.resolve("pdsupd.conf"));
        assertThat(without.daemon().stateDir()).isEqualTo(Path.of("/default/state"));
    }

    @Test
    void theRealProcessEnvironmentIsUsedByDefault() throws Exception {
        String path = System.getenv("PATH");
        assertThat(path).as("the test needs PATH set").isNotNull();
        f.write("pdsupd.conf", "services.web { command = [/bin/true], environment.COPY = ${?PATH} }\n");
        PdsupConfig c = new ConfigLoader(Fixture.accounts()).load(tmp.resolve("pdsupd.conf"));
        assertThat(c.services().get("web").environment()).containsEntry("COPY", path)
                .containsAllEntriesOf(System.getenv());
    }

    @Test
    void systemPropertiesAreNotSubstitutions() {
        System.setProperty("pdsup.test.prop", "/x");
        try {
            assertThat(f.errors("pdsupd.state-dir = ${pdsup.test.prop}\n")).containsExactly(
                    "pdsupd.conf:1: Could not resolve substitution to a value: ${pdsup.test.prop}");
        } finally {
            System.clearProperty("pdsup.test.prop");
        }
    }

    @Test
    void effectiveEnvironmentLayersSupervisorFileAndInline() throws Exception {
        f.write("env/app.env", "A=file\nB=file\n# C=commented\nD = spaced \nE='single'\n");
        PdsupConfig c = f.load("""
                services {
                  inherit {
                    command = [/bin/true]
                    environment-file = env/app.env
                    environment { B = inline, LANG = null }
                  }
                  clean {
                    command = [/bin/true]
                    environment-file = env/app.env
                    clear-environment = true
                    environment.B = inline
                  }
                }
                """);
        assertThat(c.services().get("inherit").environment()).isEqualTo(Map.of("PATH", "/usr/bin:/bin",
                "HOME", "/root", "A", "file", "B", "inline", "D", "spaced", "E", "single"));
        assertThat(c.services().get("clean").environment()).isEqualTo(Map.of("A", "file", "B", "inline",
                "D", "spaced", "E", "single"));
        assertThat(c.services().get("clean").environmentFile()).isEqualTo(tmp.resolve("env/app.env"));
    }

    @Test
    void environmentNamesWithDotsNeedQuotes() throws Exception {
        PdsupConfig c = f.load("services.web { command = [/bin/true], environment { \"a.b\" = c } }\n");
        assertThat(c.services().get("web").environment()).containsEntry("a.b", "c");
    }
}
