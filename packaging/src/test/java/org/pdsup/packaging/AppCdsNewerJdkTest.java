package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libexec/pdsup-cds under a JDK newer than 17 (Temurin 25): its class lists number every class per training run
 * ("Name id: N"), so lists merged line by line named an id twice and the dump refused them ("Duplicated ID"):
 * no archive at all. pdctl's archive is made, and used, by that JDK. So is pdsupd's: the dump runs through
 * libexec/pdsup-jvm, which on such a JDK came back from creating the JVM and ran pdsupd's main(), whose failure
 * made pdsup-cds discard the archive.
 */
class AppCdsNewerJdkTest {
    @TempDir
    Path tmp;

    @Test
    void pdctlGetsAnArchiveMadeAndUsedByTemurin25() throws Exception {
        String javaHome = Build.temurin25();
        Path prefix = Tarball.unpack(tmp.resolve("prefix")).toRealPath();
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", javaHome);
        env.put("PDCTL_JAVA_OPTS", null);
        env.put("PDSUPD_JAVA_OPTS", null);
        env.put("PDSUP_PRINT_CDS_ID", null);
        Run.Result dump = Run.run(List.of(prefix.resolve("libexec/pdsup-cds").toString()), env,
                Duration.ofSeconds(180));
        assertThat(dump.exit()).as(dump.describe()).isZero();
        assertThat(dump.err()).as(dump.describe()).doesNotContain("Duplicated ID");
        assertThat(prefix.resolve("lib/pdsup/pdctl.jsa")).as(dump.describe()).isNotEmptyFile();
        assertThat(Files.readString(prefix.resolve("lib/pdsup/pdctl.jsa.id"))).startsWith(javaHome + "/bin/java ");

        Path log = tmp.resolve("classload.log");
        env.put("PDCTL_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        Run.Result help = Run.run(List.of(prefix.resolve("bin/pdctl").toString(), "--help"), env,
                Duration.ofSeconds(60));
        assertThat(help.exit()).as(help.describe()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(Files.readString(log)).contains("org.pdsup.pdctl.Main source: shared objects file");

        assertThat(prefix.resolve("lib/pdsup/pdsupd.jsa")).as(dump.describe()).isNotEmptyFile();
        Path daemonLog = tmp.resolve("pdsupd-classload.log");
        env.put("PDSUPD_JAVA_OPTS", "-Xlog:class+load=info:file=" + daemonLog);
        Run.Result version = Run.run(List.of(prefix.resolve("bin/pdsupd").toString(), "--version"), env,
                Duration.ofSeconds(60));
        assertThat(version.exit()).as(version.describe()).isZero();
        assertThat(Files.readString(daemonLog)).contains("org.pdsup.daemon.Main source: shared objects file");
    }
}
