package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libexec/pdsup-cds trains pdsupd's class-data archive with a live re-exec and the metrics endpoint, so that the
 * new program of a real re-exec (issue 21: the time no request is served) takes its take-over, its inherited
 * control socket and its metrics server from the archive instead of reading and verifying them from the jars.
 * The new program's class loading is logged to a file named by PID ({@code %p}): a re-exec keeps the PID, so that
 * file is the new program's alone.
 */
class ReexecCdsTest {
    private static final String SHARED = " source: shared objects file";

    @TempDir
    Path tmp;
    private InstalledDaemon d;

    @AfterEach
    void stop() throws Exception {
        if (d != null) d.close();
    }

    @Test
    void theNewProgramOfAReexecTakesOverWithClassesFromTheArchive() throws Exception {
        Path prefix = Tarball.unpack(tmp.resolve("prefix")).toRealPath();
        Map<String, String> env = new HashMap<>();
        env.put("PDSUPD_JAVA_OPTS", null);
        env.put("PDCTL_JAVA_OPTS", null);
        Run.Result cds = Run.run(List.of(prefix.resolve("libexec/pdsup-cds").toString()), env,
                Duration.ofSeconds(300));
        assertThat(cds.exit()).as(cds.describe()).isZero();
        assertThat(cds.out()).as(cds.describe()).contains("wrote " + prefix.resolve("lib/pdsup/pdsupd.jsa"));

        Path home = tmp.resolve("home");
        d = InstalledDaemon.at(prefix, home, Duration.ofSeconds(120));
        d.writeConfig("  metrics.listen = \"127.0.0.1:" + TarballDaemon.freePort("127.0.0.1") + "\"\n",
                "  idle { command = [/bin/sleep, \"1000\"] }\n");
        Process daemon = d.start(Map.of("PDSUPD_JAVA_OPTS",
                "-Xlog:class+load=info:file=" + home.resolve("classes.%p.log")));
        d.awaitReachable();

        Run.Result reexec = d.pdctl("reexec");
        assertThat(reexec.exit()).as(reexec.describe()).isZero();
        assertThat(reexec.out()).as(reexec.describe()).contains("re-exec complete: took over 1 services");
        assertThat(d.log()).contains("re-exec complete");

        String loaded = Files.readString(home.resolve("classes." + daemon.pid() + ".log"));
        assertThat(loaded).as("the new program's class loading").contains(
                "org.pdsup.daemon.supervisor.Takeover" + SHARED,
                "org.pdsup.daemon.reexec.HandoverRead" + SHARED,
                "org.pdsup.daemon.reexec.HandoverCodec" + SHARED,
                "org.pdsup.daemon.InheritedControlSocket" + SHARED,
                "org.pdsup.daemon.metrics.MetricsServer" + SHARED);
    }
}
