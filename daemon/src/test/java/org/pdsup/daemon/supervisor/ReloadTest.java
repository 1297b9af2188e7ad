package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload applies the difference: PIDs compared before and after, with real processes. */
class ReloadTest {
    @TempDir
    Path tmp;

    private static final String BEFORE = """
            untouched { command = ["/bin/sleep", "601"] }
            policy    { command = ["/bin/sleep", "602"], restart = always, stop { timeout = 10s } }
            changed   { command = ["/bin/sleep", "603"] }
            removed   { command = ["/bin/sleep", "604"] }
            """;

    @Test
    void theReloadMatrix() throws Exception {
        try (var h = new SupervisorHarness(tmp, BEFORE)) {
            Map<String, Integer> before = pids(h, "untouched", "policy", "changed", "removed");
            h.writeConfig("""
                    untouched { command = ["/bin/sleep", "601"] }
                    policy    { command = ["/bin/sleep", "602"], restart = on-failure, stop { timeout = 3s },
                                backoff { initial = 2s } }
                    changed   { command = ["/bin/sleep", "613"] }
                    added     { command = ["/bin/sleep", "605"] }
                    """);
            ReloadOutcome r = h.supervisor.reload().get(30, TimeUnit.SECONDS);
            assertThat(r.applied()).isTrue();
            assertThat(r.added()).containsExactly("added");
            assertThat(r.removed()).containsExactly("removed");
            assertThat(r.restarted()).containsExactly("changed");
            assertThat(r.updated()).containsExactly("policy");
            assertThat(r.unchanged()).containsExactly("untouched");
            int changedPid = h.await("changed", ServiceState.RUNNING, Duration.ofSeconds(10)).pid();
            h.await("added", ServiceState.RUNNING, Duration.ofSeconds(10));
            assertThat(SupervisorHarness.awaitGone(before.get("removed"), Duration.ofSeconds(10))).isTrue();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (h.status("removed") != null && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(h.supervisor.snapshot().services()).doesNotContainKey("removed");
            assertThat(h.status("untouched").pid()).isEqualTo(before.get("untouched"));
            assertThat(h.status("policy").pid()).isEqualTo(before.get("policy"));
            assertThat(changedPid).isNotEqualTo(before.get("changed"));
            assertThat(SupervisorHarness.alive(before.get("changed"))).isFalse();
            assertThat(new String(Files.readAllBytes(Path.of("/proc/" + changedPid + "/cmdline")))
                    .replace('\0', ' ').trim()).isEqualTo("/bin/sleep 613");
            assertThat(h.supervisor.snapshot().services().keySet())
                    .containsExactly("untouched", "policy", "changed", "added");
        }
    }

    @Test
    void aBrokenReloadChangesNothing() throws Exception {
        try (var h = new SupervisorHarness(tmp, BEFORE)) {
            Map<String, Integer> before = pids(h, "untouched", "policy", "changed", "removed");
            h.writeConfig("""
                    untouched { command = ["/bin/sleep", "601"], restart = sometimes }
                    changed   { command = ["relative/path"] }
                    """);
            ReloadOutcome r = h.supervisor.reload().get(30, TimeUnit.SECONDS);
            assertThat(r.applied()).isFalse();
            assertThat(r.errors()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(String.join("\n", r.errors())).contains("pdsupd.conf:").contains("sometimes")
                    .contains("relative/path");
            assertThat(pids(h, "untouched", "policy", "changed", "removed")).isEqualTo(before);
        }
    }

    private static Map<String, Integer> pids(SupervisorHarness h, String... names) throws Exception {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (String n : names) m.put(n, h.await(n, ServiceState.RUNNING, Duration.ofSeconds(10)).pid());
        return m;
    }

    private static final class Files {
        static byte[] readAllBytes(Path p) throws java.io.IOException {
            return java.nio.file.Files.readAllBytes(p);
        }
    }
}
