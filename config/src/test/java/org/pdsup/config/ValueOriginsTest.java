package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each value of a service was written: its own block, service-defaults, pdsupd.output, or a default. */
class ValueOriginsTest {
    @TempDir
    Path tmp;

    @Test
    void eachKeyNamesTheMostSpecificFileAndLineThatSetsIt() throws Exception {
        Fixture f = new Fixture(tmp);
        f.write("services.d/web.conf", """
                services.web {
                  command = [/bin/true]
                  restart = never
                  output { timestamps = true }
                  rlimits { nofile = 1024 }
                  environment { A = 1, B = 2 }
                }
                """);
        PdsupConfig c = f.load("""
                pdsupd {
                  include-dir = services.d
                  service-defaults {
                    restart = on-failure
                    stop { timeout = 20s }
                    output.keep = 2
                  }
                  output { max-size = 1MiB, keep = 7 }
                }
                services.db { command = [/bin/true] }
                """);
        ValueOrigins web = c.services().get("web").origins();
        assertThat(web.describe("command")).isEqualTo("services.d/web.conf:2");
        assertThat(web.describe("restart")).as("the service's own value wins").isEqualTo("services.d/web.conf:3");
        assertThat(web.describe("output.timestamps")).isEqualTo("services.d/web.conf:4");
        assertThat(web.describe("rlimits.nofile")).isEqualTo("services.d/web.conf:5");
        assertThat(web.describe("environment")).as("a whole object: where its parts are")
                .isEqualTo("services.d/web.conf:6");
        assertThat(web.describe("stop.timeout")).isEqualTo("service-defaults at pdsupd.conf:5");
        assertThat(web.describe("output.keep")).as("service-defaults.output before pdsupd.output")
                .isEqualTo("service-defaults at pdsupd.conf:6");
        assertThat(web.describe("output.max-size")).isEqualTo("pdsupd.output at pdsupd.conf:8");
        assertThat(web.describe("stop.signal")).isEqualTo("default");
        assertThat(web.describe("backoff.initial")).isEqualTo("default");

        ValueOrigins db = c.services().get("db").origins();
        assertThat(db.describe("command")).isEqualTo("pdsupd.conf:10");
        assertThat(db.describe("restart")).isEqualTo("service-defaults at pdsupd.conf:4");
        assertThat(db.inherited()).as("one map for every service of a load").isSameAs(web.inherited());

        // a block written in one file is kept as its keys and a line each, and reads as the map it stands for
        assertThat(web.own()).isInstanceOf(ValueOrigins.Lines.class).hasSize(6)
                .containsEntry("command", new ValueOrigins.Written(null, "services.d/web.conf", 2))
                .containsEntry("environment.B", new ValueOrigins.Written(null, "services.d/web.conf", 6))
                .doesNotContainKey("stop.timeout");
        assertThat(web.own()).isEqualTo(java.util.Map.copyOf(new java.util.HashMap<>(web.own())))
                .hasSameHashCodeAs(java.util.Map.copyOf(new java.util.HashMap<>(web.own())));
        assertThat(db.own()).isInstanceOf(ValueOrigins.Lines.class)
                .containsOnlyKeys("command").containsEntry("command", new ValueOrigins.Written(null, "pdsupd.conf", 10));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> web.own().put("x", null))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aServiceBuiltByHandKnowsNoFiles() {
        assertThat(ValueOrigins.NONE.describe("command")).isEqualTo("default");
        assertThat(new ValueOrigins.Written("service-defaults", "/etc/pdsupd.conf", 12))
                .hasToString("service-defaults at /etc/pdsupd.conf:12");
        assertThat(new ValueOrigins.Written(null, "web.conf", -1)).hasToString("web.conf");
    }
}
