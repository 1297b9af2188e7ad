package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choices, read back through a fake JDK whose "java" prints its arguments: which Java it finds,
 * the flags per program and per Java release, the order of the user's options, symbolic links, and the errors
 * for a missing or too old Java.
 */
class LauncherTest {
    @TempDir
    Path tmp;
    Path prefix;
    Path lib;
    Path jdk17;

    @BeforeEach
    void setUp() throws Exception {
        prefix = FakeJdk.prefixWithLaunchers(tmp.resolve("prefix")).toRealPath();
        lib = prefix.resolve("lib/pdsup");
        jdk17 = FakeJdk.create(tmp.resolve("jdk17"), "17.0.9").toRealPath();
    }

    private Run.Result launch(String program, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(prefix.resolve("bin").resolve(program).toString());
        cmd.addAll(List.of(args));
        Map<String, String> e = new HashMap<>();
        e.put("PDSUPD_JAVA_OPTS", null);
        e.put("PDCTL_JAVA_OPTS", null);
        e.put("PDSUP_PRINT_CDS_ID", null);
        e.putAll(env);
        return Run.run(cmd, e, Duration.ofSeconds(30));
    }

    private List<String> javaArgs(String program, Map<String, String> env, String... args) throws Exception {
        Run.Result r = launch(program, env, args);
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.err()).as(r.describe()).isEmpty();
        return r.out().lines().toList();
    }

    @Test
    void pdsupdGetsDaemonFlagsTheWholeClassPathAndItsArgumentsUntouched() throws Exception {
        // created out of order: the class path is sorted whatever order the directory lists them in
        for (String jar : List.of("zz.jar", "pdsup-daemon.jar", "a b.jar", "netty-common.jar")) {
            Files.write(lib.resolve(jar), new byte[] {0});
        }
        Files.write(lib.resolve("notes.txt"), new byte[] {0});
        List<String> a = javaArgs("pdsupd", Map.of("JAVA_HOME", jdk17.toString()), "--config", "my file.conf", "");
        assertThat(a).startsWith("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData")
                .contains("-Xss512k", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-XX:MinHeapFreeRatio=5",
                        "-XX:MaxHeapFreeRatio=10", "-XX:-ShrinkHeapInSteps", "-Dpdsup.home=" + prefix,
                        "-Dpdsup.exec.helper=" + prefix + "/libexec/pdsup-exec")
                // quiet first: it silences the line the JVM prints for each later command
                .containsSequence("-XX:CompileCommand=quiet", "-XX:CompileCommand=exclude,jnr.x86asm.Assembler::_emitX86")
                .endsWith("-cp", lib + "/a b.jar:" + lib + "/netty-common.jar:" + lib + "/pdsup-daemon.jar:" + lib
                        + "/zz.jar", "org.pdsup.daemon.Main", "--config", "my file.conf", "")
                .doesNotContain("--enable-native-access=ALL-UNNAMED")
                .noneMatch(s -> s.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void pdsupdUsesItsOwnArchiveOnlyWhenItsIdNamesThisJavaAndThisDirectory() throws Exception {
        Map<String, String> env = Map.of("JAVA_HOME", jdk17.toString());
        String id = jdk17.resolve("bin/java") + " 17.0.9+7-test " + lib + "\n";
        Files.write(lib.resolve("pdsupd.jsa"), new byte[] {1});
        Files.writeString(lib.resolve("pdsupd.jsa.id"), id);
        List<String> a = javaArgs("pdsupd", env, "--version");
        assertThat(a).contains("-XX:SharedArchiveFile=" + lib + "/pdsupd.jsa", "-Xshare:auto", "-XX:+UseSerialGC");
        // pdctl's archive is pdctl's: without one of its own, pdctl runs without any
        assertThat(javaArgs("pdctl", env, "status")).noneMatch(s -> s.startsWith("-XX:SharedArchiveFile"));

        Files.writeString(lib.resolve("pdsupd.jsa.id"), jdk17.resolve("bin/java") + " 17.0.8+1-test " + lib + "\n");
        assertThat(javaArgs("pdsupd", env, "--version")).noneMatch(s -> s.startsWith("-XX:SharedArchiveFile"));
        Files.writeString(lib.resolve("pdsupd.jsa.id"), id);
        Files.delete(lib.resolve("pdsupd.jsa"));
        assertThat(javaArgs("pdsupd", env, "--version")).noneMatch(s -> s.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void pdsupdOnJava22OrNewerEnablesNativeAccess() throws Exception {
        Path jdk25 = FakeJdk.create(tmp.resolve("jdk25"), "25.0.3");
        List<String> a = javaArgs("pdsupd", Map.of("JAVA_HOME", jdk25.toString()), "--version");
        assertThat(a).startsWith("--enable-native-access=ALL-UNNAMED").endsWith("org.pdsup.daemon.Main", "--version");
    }

    @Test
    void usersJavaOptionsComeAfterOursSoTheyWinAndAreNotGlobbed() throws Exception {
        List<String> a = javaArgs("pdsupd",
                Map.of("JAVA_HOME", jdk17.toString(), "PDSUPD_JAVA_OPTS", " -Xmx1g  -Dglob=* "), "--version");
        assertThat(a.indexOf("-Xmx1g")).isGreaterThan(a.indexOf("-Xmx256m")).isLessThan(a.indexOf("-cp"));
        assertThat(a).contains("-Dglob=*");

        List<String> c = javaArgs("pdctl", Map.of("JAVA_HOME", jdk17.toString(), "PDCTL_JAVA_OPTS", "-Xshare:off"),
                "status");
        assertThat(c.indexOf("-Xshare:off")).isGreaterThan(c.indexOf("-Xshare:auto")).isLessThan(c.indexOf("-cp"));
    }

    @Test
    void pdctlGetsStartupFlagsAndOnlyItsOwnJars() throws Exception {
        List<String> a = javaArgs("pdctl", Map.of("JAVA_HOME", jdk17.toString()), "-s", "/x y.sock", "status");
        assertThat(a).startsWith("-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto")
                .endsWith("-cp", lib + "/pdsup-pdctl.jar:" + lib + "/pdsup-protocol.jar:" + lib + "/jackson-core.jar",
                        "org.pdsup.pdctl.Main", "-s", "/x y.sock", "status")
                .doesNotContain("-XX:+UseSerialGC")
                .noneMatch(s -> s.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void findsItsPrefixThroughAChainOfSymbolicLinks() throws Exception {
        Path links = Files.createDirectories(tmp.resolve("usr/local/bin"));
        Files.createSymbolicLink(tmp.resolve("pdctl-abs"), prefix.resolve("bin/pdctl"));
        Files.createSymbolicLink(links.resolve("pdctl"), Path.of("../../../pdctl-abs"));
        Run.Result r = Run.run(List.of(links.resolve("pdctl").toString(), "version"),
                Map.of("JAVA_HOME", jdk17.toString()), Duration.ofSeconds(30));
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out().lines()).contains("-Dpdsup.home=" + prefix, "org.pdsup.pdctl.Main");
    }

    @Test
    void javaOnPathIsFollowedToItsHomeAndItsReleaseFile() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("pathbin"));
        Files.createSymbolicLink(bin.resolve("java"), jdk17.resolve("bin/java"));
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", null);
        env.put("PATH", bin + ":/usr/bin:/bin");
        assertThat(javaArgs("pdctl", env, "version")).endsWith("org.pdsup.pdctl.Main", "version");

        Path oldBin = Files.createDirectories(tmp.resolve("oldbin"));
        Path jdk11 = FakeJdk.create(tmp.resolve("jdk11"), "11.0.2");
        Files.createSymbolicLink(oldBin.resolve("java"), jdk11.resolve("bin/java"));
        env.put("PATH", oldBin + ":/usr/bin:/bin");
        Run.Result r = launch("pdctl", env, "version");
        assertThat(r.exit()).as(r.describe()).isEqualTo(127);
        assertThat(r.err()).contains("Java 11", "17 or newer").contains(oldBin + "/java");
    }

    @Test
    void aMissingOrTooOldJavaHomeIsAClearError() throws Exception {
        Run.Result none = launch("pdsupd", Map.of("JAVA_HOME", tmp.resolve("nojdk").toString()), "--version");
        assertThat(none.exit()).as(none.describe()).isEqualTo(127);
        assertThat(none.err()).startsWith("pdsupd: JAVA_HOME=" + tmp.resolve("nojdk")).contains("has no bin/java");
        assertThat(none.out()).isEmpty();

        Path jdk11 = FakeJdk.create(tmp.resolve("jdk11"), "11.0.2");
        Run.Result old = launch("pdctl", Map.of("JAVA_HOME", jdk11.toString()), "status");
        assertThat(old.exit()).as(old.describe()).isEqualTo(127);
        assertThat(old.err()).contains("is Java 11; pdsup needs Java 17 or newer");
        assertThat(old.out()).isEmpty();
    }

    @Test
    void aJava8StyleVersionIsReadAsEight() throws Exception {
        Path jdk8 = FakeJdk.create(tmp.resolve("jdk8"), "1.8.0_402");
        Run.Result r = launch("pdctl", Map.of("JAVA_HOME", jdk8.toString()), "status");
        assertThat(r.exit()).isEqualTo(127);
        assertThat(r.err()).contains("is Java 8;");
    }

    @Test
    void anyOtherProgramNameIsRefused() throws Exception {
        Files.copy(prefix.resolve("bin/pdctl"), prefix.resolve("bin/pdsup"));
        Files.setPosixFilePermissions(prefix.resolve("bin/pdsup"),
                Files.getPosixFilePermissions(prefix.resolve("bin/pdctl")));
        Run.Result r = launch("pdsup", Map.of("JAVA_HOME", jdk17.toString()));
        assertThat(r.exit()).isEqualTo(127);
        assertThat(r.err()).contains("run me as pdsupd or pdctl, not as pdsup");
    }

    @Test
    void theCdsArchiveIsUsedOnlyWhenItsIdNamesThisJavaAndThisDirectory() throws Exception {
        Map<String, String> env = Map.of("JAVA_HOME", jdk17.toString());
        Map<String, String> printId = new HashMap<>(env);
        printId.put("PDSUP_PRINT_CDS_ID", "1");
        Run.Result id = launch("pdctl", printId);
        assertThat(id.exit()).isZero();
        assertThat(id.out().strip()).isEqualTo(jdk17.resolve("bin/java") + " 17.0.9+7-test " + lib);

        Files.write(lib.resolve("pdctl.jsa"), new byte[] {1});
        Files.writeString(lib.resolve("pdctl.jsa.id"), id.out());
        assertThat(javaArgs("pdctl", env, "status")).contains("-XX:SharedArchiveFile=" + lib + "/pdctl.jsa");

        Files.writeString(lib.resolve("pdctl.jsa.id"), jdk17.resolve("bin/java") + " 17.0.8+1-test " + lib + "\n");
        assertThat(javaArgs("pdctl", env, "status")).noneMatch(s -> s.startsWith("-XX:SharedArchiveFile"));
    }
}
