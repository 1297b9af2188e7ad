package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's side of a reload of {@code pdsupd { }}: the adapters prepare before any service changes and commit
 * after; a refusal of theirs, or a key that needs a restart, changes no service and commits nothing.
 */
class DaemonBlockReloadTest {
    @TempDir
    Path tmp;

    private static final String SERVICES = "kept { command = [\"/bin/sleep\", \"611\"] }";
    private static final String MORE = SERVICES + "\nadded { command = [\"/bin/sleep\", \"612\"] }";

    private void write(SupervisorHarness h, String daemon, String services) throws Exception {
        Files.writeString(h.configFile, "pdsupd {\n  state-dir = \"" + tmp.resolve("state") + "\"\n"
                + "  log-dir = \"" + tmp.resolve("log") + "\"\n  control.socket = \"" + tmp.resolve("pdsupd.sock")
                + "\"\n  metrics.enabled = false\n" + daemon + "\n}\nservices {\n" + services + "\n}\n");
    }

    @Test
    void adaptersPrepareBeforeTheServicesChangeAndCommitAfter() throws Exception {
        try (var h = new SupervisorHarness(tmp, SERVICES, false)) {
            List<String> steps = new ArrayList<>();
            h.supervisor.daemonBlockApplier((current, next, keys) -> {
                steps.add("prepare " + keys + " added known: " + h.supervisor.snapshot().services().containsKey("added"));
                return new DaemonBlockApplier.Prepared() {
                    @Override public void commit() {
                        steps.add("commit, added known: " + h.supervisor.snapshot().services().containsKey("added"));
                    }
                    @Override public void abort() { steps.add("abort"); }
                };
            });
            write(h, "  control.readers.users = [nobody]\n  event-ring = 10", MORE);
            ReloadOutcome r = h.supervisor.reload().get(30, TimeUnit.SECONDS);
            assertThat(r.applied()).isTrue();
            assertThat(r.added()).containsExactly("added");
            assertThat(r.daemonKeys()).containsExactly("pdsupd.event-ring", "pdsupd.control.readers.users");
            assertThat(steps).containsExactly(
                    "prepare [pdsupd.event-ring, pdsupd.control.readers.users] added known: false",
                    "commit, added known: true");
        }
    }

    @Test
    void aRefusalOfTheAdaptersOrARestartOnlyKeyChangesNoService() throws Exception {
        try (var h = new SupervisorHarness(tmp, SERVICES, false)) {
            List<String> steps = new ArrayList<>();
            h.supervisor.daemonBlockApplier((current, next, keys) -> {
                steps.add("prepare");
                throw new ReloadRefusedException(List.of("pdsupd.metrics.listen: cannot listen"));
            });
            write(h, "  control.readers.users = [nobody]", MORE);
            ReloadOutcome refused = h.supervisor.reload().get(30, TimeUnit.SECONDS);
            assertThat(refused.applied()).isFalse();
            assertThat(refused.errors()).containsExactly("pdsupd.metrics.listen: cannot listen");
            assertThat(h.supervisor.snapshot().services()).containsOnlyKeys("kept");

            write(h, "  log-dir = \"" + tmp.resolve("elsewhere") + "\"", MORE);
            ReloadOutcome restart = h.supervisor.reload().get(30, TimeUnit.SECONDS);
            assertThat(restart.applied()).isFalse();
            assertThat(restart.errors()).singleElement().asString().startsWith("pdsupd.log-dir changed (")
                    .contains("needs a restart of pdsupd");
            assertThat(steps).as("the adapters are not even asked").containsExactly("prepare");
            assertThat(h.supervisor.snapshot().services()).containsOnlyKeys("kept");
        }
    }
}
