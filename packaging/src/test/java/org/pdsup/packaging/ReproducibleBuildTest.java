package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two builds of the same sources give the same tarball, byte for byte (project.build.outputTimestamp dates
 * every jar and tarball entry). The second build runs from a copy of the sources in another directory, later
 * in time, so neither the build's path nor its clock may leak into the tarball.
 */
class ReproducibleBuildTest {

    @Test
    void aSecondBuildElsewhereGivesTheSameTarball(@TempDir Path tmp) throws Exception {
        Path copy = tmp.resolve("elsewhere/pdsup");
        copySources(Build.repo(), copy);
        String mvn = Run.tool("mvn", "maven");
        Map<String, String> env = new HashMap<>();
        env.put("MAVEN_OPTS", "-Xmx512m");
        // offline: the first build has brought every artifact; -DskipTests: only the tarball matters here
        Run.Result r = Run.run(List.of(mvn, "-B", "-o", "-q", "-DskipTests", "-f", copy.resolve("pom.xml").toString(),
                "package"), env, Duration.ofMinutes(8));
        assertThat(r.exit()).as(r.describe()).isZero();

        Path again = copy.resolve("packaging/target/pdsup-" + Build.version() + ".tar.gz");
        assertThat(sha256(again)).as("sha-256 of %s against %s", again, Build.tarball())
                .isEqualTo(sha256(Build.tarball()));
    }

    /** The sources as they are now (committed or not), without build output and Git's own files. */
    private static void copySources(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (!dir.equals(from) && (name.equals("target") || name.equals(".git") || name.equals("out")
                        || name.equals(".work"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
