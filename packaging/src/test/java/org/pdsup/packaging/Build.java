package org.pdsup.packaging;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Where the build put things: the repository, the laid-out tree ({@code target/pdsup}) and the tarball.
 * The pom passes them as system properties; the fallbacks fit a run from the packaging module's directory.
 */
final class Build {
    private Build() {
    }

    /** The second JDK the daemon must run on (issue 3). */
    private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    /** JAVA_HOME of Temurin 25; skips the calling test (visibly) where it is not installed. */
    static String temurin25() {
        Assumptions.assumeTrue(Files.isExecutable(TEMURIN_25.resolve("bin/java")), TEMURIN_25 + " is not installed");
        return TEMURIN_25.toString();
    }

    static Path repo() {
        return Path.of(System.getProperty("pdsup.repo", "..")).toAbsolutePath().normalize();
    }

    static Path stage() {
        return Path.of(System.getProperty("pdsup.stage", "target/pdsup")).toAbsolutePath().normalize();
    }

    static String version() {
        String v = System.getProperty("pdsup.version");
        if (v == null) throw new IllegalStateException("system property pdsup.version is not set (run through Maven)");
        return v;
    }

    /** The tarball; fails with a clear message when the build has not made it. */
    static Path tarball() {
        Path t = Path.of(System.getProperty("pdsup.tarball", "target/pdsup-" + version() + ".tar.gz"));
        if (!Files.isRegularFile(t)) {
            throw new IllegalStateException(t + " does not exist: run 'mvn package' first (these tests run in the "
                    + "integration-test phase, after the tarball is built)");
        }
        return t.toAbsolutePath();
    }

    /** A file of the repository that must exist. */
    static Path repoFile(String relative) {
        Path p = repo().resolve(relative);
        if (!Files.exists(p)) throw new IllegalStateException(p + " does not exist");
        return p;
    }
}
