package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys of {@code pdsupd { }} a reload changes, named as written, and those that need a restart. */
class DaemonBlockDiffTest {
    @TempDir
    Path tmp;

    private static final String SERVICES = "services { a { command = [/bin/true] } }\n";

    @Test
    void namesEveryChangedKeyAsWrittenInTheFile() throws Exception {
        Fixture f = new Fixture(tmp);
        PdsupConfig before = f.load("pdsupd { state-dir = /srv/s }\n" + SERVICES);
        PdsupConfig same = f.load("pdsupd { state-dir = /srv/s }\n" + SERVICES);
        assertThat(DaemonBlockDiff.changedKeys(before, same)).isEmpty();

        PdsupConfig after = f.load("""
                pdsupd {
                  state-dir = /srv/s
                  event-ring = 50
                  shutdown-timeout = 5s
                  control { mode = "0600", readers.users = [nobody], idle-timeout = 2m }
                  metrics.listen = "127.0.0.1:9999"
                  output.timestamps = true
                  service-defaults { backoff.initial = 2s, environment { X = y } }
                }
                """ + SERVICES);
        assertThat(DaemonBlockDiff.changedKeys(before, after)).containsExactly("pdsupd.event-ring",
                "pdsupd.shutdown-timeout", "pdsupd.control.mode", "pdsupd.control.readers.users",
                "pdsupd.control.idle-timeout", "pdsupd.metrics.listen", "pdsupd.output.timestamps",
                "pdsupd.service-defaults.backoff.initial", "pdsupd.service-defaults.environment.X");
        assertThat(DaemonBlockDiff.needingRestart(before, after)).isEmpty();
    }

    @Test
    void stateDirLogDirAndSocketNeedARestart() throws Exception {
        Fixture f = new Fixture(tmp);
        PdsupConfig before = f.load("pdsupd { state-dir = /srv/s }\n" + SERVICES);
        PdsupConfig after = f.load("pdsupd { state-dir = /srv/t, log-dir = /srv/log, control.socket = /run/x.sock,"
                + " event-ring = 7 }\n" + SERVICES);
        assertThat(DaemonBlockDiff.changedKeys(before, after)).containsExactly("pdsupd.state-dir", "pdsupd.log-dir",
                "pdsupd.event-ring", "pdsupd.control.socket");
        assertThat(DaemonBlockDiff.needingRestart(before, after)).hasSize(3)
                .anySatisfy(m -> assertThat(m).startsWith("pdsupd.state-dir changed (/srv/s to /srv/t): needs a"
                        + " restart of pdsupd ("))
                .anySatisfy(m -> assertThat(m).startsWith("pdsupd.log-dir changed"))
                .anySatisfy(m -> assertThat(m).startsWith("pdsupd.control.socket changed"))
                .allSatisfy(m -> assertThat(m).contains("needs a restart of pdsupd"));
    }
}
