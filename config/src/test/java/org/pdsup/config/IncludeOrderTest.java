package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The include directory's files are merged so that a later file overrides an earlier one, whatever the number of
 * files: the loader merges them in halves (ConfigSources), which must give the same result as merging them one by
 * one in name order.
 */
class IncludeOrderTest {
    @TempDir
    Path tmp;

    @Test
    void aKeySetInManyFilesTakesTheLastFilesValueAndObjectsMergeAcrossAllOfThem() throws Exception {
        Fixture f = new Fixture(tmp);
        int files = 7; // odd: the halves are uneven
        for (int k = 0; k < files; k++) {
            String defaults = k == 2 ? "pdsupd.service-defaults.stop.timeout = 2s\n"
                    : k == 5 ? "pdsupd.service-defaults.stop.timeout = 5s\n" : "";
            f.write("conf.d/" + k + ".conf", "vars { last = f" + k + ", f" + k + " = v" + k + " }\n" + defaults
                    + "services.s" + k + " { command = [/bin/echo, ${vars.last}, ${vars.f" + k + "}] }\n");
        }
        PdsupConfig c = f.load("pdsupd.include-dir = conf.d\nvars.last = main\n"
                + "pdsupd.service-defaults.stop.timeout = 9s\n");

        List<String> names = new ArrayList<>(c.services().keySet());
        assertThat(names).containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6");
        for (int k = 0; k < files; k++) {
            ServiceConfig s = c.services().get("s" + k);
            assertThat(s.command()).as("s" + k).containsExactly("/bin/echo", "f6", "v" + k);
            assertThat(s.stop().timeout()).as("s" + k).isEqualTo(java.time.Duration.ofSeconds(5));
        }
    }
}
