package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pdctl's class-data-sharing archive with real JVMs: libexec/pdsup-cds makes it for an unpacked tarball, pdctl
 * then loads its own classes from it, and another JDK, or the same tree moved elsewhere, runs pdctl without it
 * and without a word on standard error.
 */
class AppCdsTest {
    private static final String FROM_ARCHIVE = "org.pdsup.pdctl.Main source: shared objects file";

    @TempDir
    static Path tmp;
    static Path prefix;

    @BeforeAll
    static void unpackAndDump() throws Exception {
        prefix = Tarball.unpack(tmp.resolve("prefix")).toRealPath();
        Run.Result r = Run.run(List.of(prefix.resolve("libexec/pdsup-cds").toString()), env(null, null),
                Duration.ofSeconds(120));
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(prefix.resolve("lib/pdsup/pdctl.jsa")).as(r.describe()).isNotEmptyFile();
        assertThat(prefix.resolve("lib/pdsup/pdctl.jsa.id")).isNotEmptyFile();
        assertThat(prefix.resolve("lib/pdsup/pdsupd.jsa")).as(r.describe()).isNotEmptyFile();
        assertThat(prefix.resolve("lib/pdsup/pdsupd.jsa.id")).hasSameTextualContentAs(
                prefix.resolve("lib/pdsup/pdctl.jsa.id"));
    }

    private static Map<String, String> env(String javaHome, String opts) {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", javaHome);
        env.put("PDCTL_JAVA_OPTS", opts);
        env.put("PDSUPD_JAVA_OPTS", opts);
        env.put("PDSUP_PRINT_CDS_ID", null);
        return env;
    }

    private static Run.Result help(Path root, String javaHome) throws Exception {
        return Run.run(List.of(root.resolve("bin/pdctl").toString(), "--help"),
                env(javaHome, "-Xlog:class+load=info:file=" + tmp.resolve("classload.log")), Duration.ofSeconds(60));
    }

    private static String classLoadLog() throws Exception {
        return Files.readString(tmp.resolve("classload.log"));
    }

    @Test
    void pdctlLoadsItsClassesFromTheArchive() throws Exception {
        Run.Result r = help(prefix, null);
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("pdctl");
        assertThat(classLoadLog()).contains(FROM_ARCHIVE);
    }

    /**
     * The build's own laid-out tree (what the README's commands and the benchmarks run) has an archive that
     * fits it: the build dates its files for reproducibility before the dump, never after (an archive records
     * its jars' modification times and is silently unused when they change).
     */
    @Test
    void theBuildsLaidOutTreeUsesItsArchive() throws Exception {
        Run.Result r = help(Build.stage(), null);
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(classLoadLog()).contains(FROM_ARCHIVE);
    }

    @Test
    void aMovedTreeRunsWithoutTheArchiveAndWithoutWarnings() throws Exception {
        Path moved = tmp.resolve("moved");
        Run.Result cp = Run.run(List.of("cp", "-a", prefix.toString(), moved.toString()));
        assertThat(cp.exit()).as(cp.describe()).isZero();
        Run.Result r = help(moved, null);
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(classLoadLog()).contains("org.pdsup.pdctl.Main").doesNotContain(FROM_ARCHIVE);
    }

    @Test
    void anotherJdkRunsWithoutTheArchiveAndWithoutWarnings() throws Exception {
        Run.Result r = help(prefix, Build.temurin25());
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(classLoadLog()).contains("org.pdsup.pdctl.Main").doesNotContain(FROM_ARCHIVE);
    }

    /** pdsupd --check-config of a one-service file: the JVM start and the whole configuration path. */
    private static Run.Result checkConfig(Path root, String javaHome) throws Exception {
        Path conf = tmp.resolve("check.conf");
        Files.writeString(conf, "pdsupd { state-dir = \"" + tmp.resolve("state") + "\", log-dir = \""
                + tmp.resolve("log") + "\" }\nservices { one { command = [/bin/sleep, \"1\"] } }\n");
        return Run.run(List.of(root.resolve("bin/pdsupd").toString(), "--check-config", "--config", conf.toString()),
                env(javaHome, "-Xlog:class+load=info:file=" + tmp.resolve("classload.log")), Duration.ofSeconds(60));
    }

    @Test
    void pdsupdLoadsItsClassesFromItsArchive() throws Exception {
        Run.Result r = checkConfig(prefix, null);
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("configuration OK (1 services)");
        assertThat(classLoadLog()).contains("org.pdsup.daemon.Main source: shared objects file",
                "org.pdsup.config.ConfigLoader source: shared objects file",
                "com.typesafe.config.impl.Parseable source: shared objects file");
    }

    @Test
    void pdsupdOfAMovedTreeOrAnotherJdkRunsWithoutItsArchiveAndWithoutWarnings() throws Exception {
        Path moved = tmp.resolve("moved-pdsupd");
        Run.Result cp = Run.run(List.of("cp", "-a", prefix.toString(), moved.toString()));
        assertThat(cp.exit()).as(cp.describe()).isZero();
        for (Run.Result r : List.of(checkConfig(moved, null), checkConfig(prefix, Build.temurin25()))) {
            assertThat(r.exit()).as(r.describe()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(classLoadLog()).contains("org.pdsup.daemon.Main")
                    .doesNotContain("org.pdsup.daemon.Main source: shared objects file");
        }
    }

    /** The classes pdsupd's archive holds, as the JVM lists them ({@code -XX:+PrintSharedArchiveAndExit}). */
    private static String pdsupdArchive() throws Exception {
        Run.Result r = Run.run(List.of(prefix.resolve("bin/pdsupd").toString()),
                env(null, "-XX:+PrintSharedArchiveAndExit"), Duration.ofSeconds(60));
        assertThat(r.out() + r.err()).as(r.describe()).contains("org.pdsup.daemon.Main");
        return r.out() + r.err();
    }

    /**
     * The training's control requests (pdsup-cds runs pdctl status and others against a live pdsupd) do not
     * pull the JDK's Flight Recorder machinery into the archive: Netty's allocation events are off
     * ({@code NettyDefaults}), so nobody records and nothing loads it (about 95 classes).
     */
    @Test
    void pdsupdsArchiveHoldsNoFlightRecorderEventMachinery() throws Exception {
        assertThat(pdsupdArchive()).contains("org.pdsup.daemon.control.ControlServer")
                .doesNotContain("io.netty.buffer.AllocateChunkEvent", "jdk.jfr.internal.MetadataRepository",
                        "jdk.jfr.internal.EventHandlerCreator");
    }
}
