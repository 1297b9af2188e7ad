package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball's layout, and the FreeBSD port skeleton installing exactly that layout. */
class PortMatchesTarballTest {
    private static final Path PORT = Path.of("packaging/freebsd/sysutils/pdsup");

    /**
     * Files of the tarball the port does not list in pkg-plist, with the reason: USE_RC_SUBR installs the rc.d
     * script from files/pdsupd.in and adds it to the plist itself; the exec helper's source is compiled by the
     * port's do-build, not installed.
     */
    private static final Set<String> NOT_IN_PLIST = Set.of("etc/rc.d/pdsupd", "libexec/src/pdsup-exec.c",
            "libexec/src/pdsup-jvm.c");

    @TempDir
    static Path prefix;

    @BeforeAll
    static void unpack() throws Exception {
        Tarball.unpack(prefix);
    }

    @Test
    void pkgPlistListsExactlyTheFilesOfTheTarball() throws Exception {
        Set<String> plist = PkgPlist.files(Build.repoFile(PORT.resolve("pkg-plist").toString()));
        Set<String> expected = new TreeSet<>(plist);
        expected.addAll(NOT_IN_PLIST);
        Set<String> tarball = Tarball.files(prefix);

        Set<String> missingFromTarball = new TreeSet<>(expected);
        missingFromTarball.removeAll(tarball);
        Set<String> missingFromPlist = new TreeSet<>(tarball);
        missingFromPlist.removeAll(expected);
        assertThat(missingFromTarball).as("in pkg-plist but not in the tarball").isEmpty();
        assertThat(missingFromPlist).as("in the tarball but not in pkg-plist").isEmpty();
    }

    @Test
    void tarballHasOneVersionedTopDirectoryAndNoBuildLeftovers() throws Exception {
        String top = "pdsup-" + Build.version() + "/";
        assertThat(Tarball.entries()).allSatisfy(e -> assertThat(e).startsWith(top));
        assertThat(Tarball.files(prefix)).noneMatch(f -> f.endsWith(".jsa") || f.endsWith(".jsa.id"))
                .contains("bin/pdsupd", "bin/pdctl", "libexec/pdsup-exec", "etc/rc.d/pdsupd",
                        "lib/pdsup/pdsup-daemon.jar", "lib/pdsup/pdsup-pdctl.jar");
    }

    @Test
    void programsAndScriptsAreExecutableAndDataIsNot() throws Exception {
        for (String exe : List.of("bin/pdsupd", "bin/pdctl", "libexec/pdsup-exec", "libexec/pdsup-jvm", "libexec/pdsup-cds",
                "etc/rc.d/pdsupd")) {
            assertThat(Files.getPosixFilePermissions(prefix.resolve(exe))).as(exe)
                    .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        }
        for (String data : List.of("etc/pdsupd/pdsupd.conf.sample", "lib/pdsup/pdsup-daemon.jar",
                "share/man/man8/pdsupd.8", "etc/newsyslog.conf.d/pdsupd.conf")) {
            assertThat(Files.getPosixFilePermissions(prefix.resolve(data))).as(data)
                    .doesNotContain(PosixFilePermission.OWNER_EXECUTE)
                    .contains(PosixFilePermission.OTHERS_READ);
        }
    }

    @Test
    void bothLaunchersAreTheLauncherSourceAndPosixSh() throws Exception {
        String source = Files.readString(Build.repoFile("packaging/src/bin/pdsup-launcher"));
        assertThat(source).startsWith("#!/bin/sh\n");
        assertThat(Files.readString(prefix.resolve("bin/pdsupd"))).isEqualTo(source);
        assertThat(Files.readString(prefix.resolve("bin/pdctl"))).isEqualTo(source);
    }

    @Test
    void rcScriptOfTheTarballAndOfThePortAreTheSameScript() throws Exception {
        String rc = Files.readString(Build.repoFile("rc.d/pdsupd"));
        assertThat(rc).startsWith("#!/bin/sh\n");
        assertThat(Files.readString(prefix.resolve("etc/rc.d/pdsupd"))).isEqualTo(rc);
        String portIn = Files.readString(Build.repoFile(PORT.resolve("files/pdsupd.in").toString()));
        assertThat(portIn).contains("%%PREFIX%%").doesNotContain("/usr/local");
        assertThat(portIn.replace("%%PREFIX%%", "/usr/local"))
                .as("files/pdsupd.in with %%PREFIX%% = /usr/local must be rc.d/pdsupd")
                .isEqualTo(rc);
    }

    @Test
    void portMakefileInstallsWhatItBuildsAndNamesItsRcScript() throws Exception {
        String makefile = Files.readString(Build.repoFile(PORT.resolve("Makefile").toString()));
        assertThat(makefile).contains("USE_RC_SUBR=\tpdsupd", "SUB_FILES=\tpkg-message",
                "LICENSE=\tBSD2CLAUSE", "libexec/src/pdsup-exec.c", ".include <bsd.port.mk>");
        assertThat(Build.repo().resolve(PORT).resolve("files/pkg-message.in")).isRegularFile();
        assertThat(Build.repo().resolve(PORT).resolve("pkg-descr")).isRegularFile();
        assertThat(Build.repo().resolve(PORT).resolve("distinfo")).isRegularFile();
    }

    /**
     * Issue 16: the JDK dependency through Mk/Uses/java.mk (freebsd-ports aa614fff89dc): USES=java with
     * ":build,run" since issue 21 (the port builds no Java, but compiles libexec/pdsup-jvm against the JDK's
     * jni.h, which needs JAVA_HOME at build time), and
     * JAVA_VERSION=17+ (java.mk's allowed values). The obsolete USE_JAVA/JAVA_RUN knobs of Mk/bsd.java.mk are gone.
     */
    @Test
    void portDependsOnAJdk17OrNewerAtRunTimeThroughUsesJava() throws Exception {
        String makefile = Files.readString(Build.repoFile(PORT.resolve("Makefile").toString()));
        assertThat(makefile).contains("\nUSES=\t\tjava:build,run\n", "\nJAVA_VERSION=\t17+\n")
                .doesNotContain("USE_JAVA", "JAVA_RUN", "JAVA_BUILD", "JAVA_EXTRACT", "NO_BUILD");
        assertThat(makefile.lines().filter(l -> l.startsWith("USES"))).as("one USES line").hasSize(1);
    }

    /**
     * Issue 16: no install step hides its failure, and none starts processes (the Porter's Handbook: package
     * scripts must not start services or otherwise change the running system; pdsup-cds starts a private pdsupd).
     * The CDS archive is the administrator's optional step (pkg-message says so), and the files it makes are
     * removed with the package by @rmtry (freebsd-ports Keywords/rmtry.ucl: rm -f under PKG_ROOTDIR).
     */
    @Test
    void pkgPlistRunsNothingAtInstallAndRemovesTheArchivePdsupCdsMakes() throws Exception {
        List<String> plist = Files.readAllLines(Build.repoFile(PORT.resolve("pkg-plist").toString()));
        assertThat(plist).noneMatch(l -> l.contains("|| true") || l.contains("||true") || l.contains("/usr/bin/true")
                || l.contains(">/dev/null"));
        assertThat(plist).noneMatch(l -> l.startsWith("@exec") || l.startsWith("@unexec")
                || l.startsWith("@postexec") || l.startsWith("@preexec"));
        assertThat(plist).contains("@rmtry lib/pdsup/pdctl.jsa", "@rmtry lib/pdsup/pdctl.jsa.id");

        String cds = Files.readString(Build.repoFile("packaging/src/libexec/pdsup-cds"));
        assertThat(cds).as("the files pdsup-cds writes are the ones @rmtry removes")
                .contains("jsa=$lib/pdctl.jsa", "\"$jsa.id\"");
        String message = Files.readString(Build.repoFile(PORT.resolve("files/pkg-message.in").toString()));
        assertThat(message).contains("%%PREFIX%%/libexec/pdsup-cds");
    }

    /** The Porter's Handbook since 2022: the web site is WWW in the Makefile, not a "WWW:" line in pkg-descr. */
    @Test
    void pkgDescrDescribesAndTheMakefileNamesTheWebSite() throws Exception {
        String descr = Files.readString(Build.repoFile(PORT.resolve("pkg-descr").toString()));
        assertThat(descr).doesNotContain("WWW:").contains("pdsupd", "daemon(8)");
        assertThat(descr.lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        assertThat(Files.readString(Build.repoFile(PORT.resolve("Makefile").toString()))).contains("\nWWW=\t\t");
    }
}
