package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22: what {@code bin/pdctl status} loads on its way, against a running pdsupd of the tarball, read from
 * the JVM's own class-load log. The start-up work that was removed stays removed: the ServiceLoader scan of the
 * class path for a {@code SelectorProvider} (pdctl names the JDK's poll provider instead), and jackson-core
 * (pdctl reads and writes its frames by hand).
 */
class PdctlStartupTest {
    @TempDir
    Path tmp;

    @Test
    void statusLooksUpNoSelectorProviderOnTheClassPathAndLoadsNoJackson() throws Exception {
        try (LiveDaemon d = LiveDaemon.start(tmp, "  a { command = [/bin/sleep, \"100000\"] }\n")) {
            Path log = tmp.resolve("classload.log");
            Run.Result r = Run.run(List.of(d.pdctlPath().toString(), "-s", d.socket.toString(), "status", "a"),
                    Map.of("PDCTL_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), Duration.ofSeconds(60));
            assertThat(r.exit()).as(r.describe()).isZero();
            assertThat(r.out()).contains("a ").contains("running");
            String loaded = Files.readString(log);
            assertThat(loaded).contains("sun.nio.ch.PollSelectorProvider ")
                    .doesNotContain("java.util.ServiceLoader$LazyClassPathLookupIterator")
                    .doesNotContain("com.fasterxml.jackson");
        }
    }
}
